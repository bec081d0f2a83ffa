# Runs the eviction "on the cluster" through PowerShell remoting.
param([string]$ClusterNode = 'FS-N1', [string]$Evict = 'FS-N4')

Invoke-Command -ComputerName $ClusterNode -ScriptBlock {
    Import-Module FailoverClusters
    Remove-ClusterNode -Name $using:Evict -Force
}
