<#
.SYNOPSIS
    Drains and evicts a node by running the FailoverClusters cmdlets on a cluster node.
.DESCRIPTION
    The admin workstation has no RSAT, so the cmdlets are run "on the cluster" through
    PowerShell remoting.
.EXAMPLE
    .\Invoke-RemoteEvict.ps1 -ClusterNode FS-N1 -Evict FS-N4
#>
[CmdletBinding()]
param(
    [string]$ClusterNode = 'FS-N1',
    [Parameter(Mandatory)][string]$Evict
)

$ErrorActionPreference = 'Stop'

Write-Verbose "Checking $Evict through $ClusterNode"
$state = Invoke-Command -ComputerName $ClusterNode -ScriptBlock {
    Get-ClusterNode -Name $using:Evict | Select-Object -Property Name, State
}

if ($state.State -ne 'Paused') {
    Write-Verbose "Draining $Evict"
    Invoke-Command -ComputerName $ClusterNode -ScriptBlock {
        Suspend-ClusterNode -Name $using:Evict -Drain -Wait | Out-Null
    }
}

try {
    Invoke-Command -ComputerName $ClusterNode -ScriptBlock {
        Import-Module FailoverClusters
        Remove-ClusterNode -Name $using:Evict -Force
    }
    Write-Output "$Evict evicted"
} catch {
    Write-Error "Eviction through $ClusterNode failed: $_"
}
