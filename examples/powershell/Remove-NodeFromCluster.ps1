<#
.SYNOPSIS
    Evicts a node from a failover cluster over WMI.
.DESCRIPTION
    Written to run from the admin workstation. The WMI provider on the cluster impersonates the caller,
    and EvictNode must connect on to the evicted node: that second hop fails with access denied.
.EXAMPLE
    .\Remove-NodeFromCluster.ps1 -Cluster CLU01 -Node CLU01-N3
#>
[CmdletBinding()]
param(
    [string]$Cluster = 'CLU01',
    [Parameter(Mandatory)][string]$Node
)

Write-Verbose "Connecting to $Cluster"
$clusterObject = Get-WmiObject -Namespace root\MSCluster -Class MSCluster_Cluster -ComputerName $Cluster -ErrorAction Stop

try {
    Write-Verbose "Evicting $Node"
    $clusterObject.EvictNode($Node)
    Write-Output "Node $Node evicted from $Cluster"
} catch {
    Write-Error "Evict failed: $_"
}
