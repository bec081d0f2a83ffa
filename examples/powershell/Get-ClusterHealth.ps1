<#
.SYNOPSIS
    Reports failed cluster resources and takes stuck ones offline.
.DESCRIPTION
    Reads MSCluster_Resource and MSCluster_Node remotely. These classes and their methods
    (TakeOffline, BringOnline, Pause, Resume) are not affected by the double hop.
.EXAMPLE
    .\Get-ClusterHealth.ps1 -Cluster FSCLU | Format-Table
#>
[CmdletBinding()]
param(
    [string]$Cluster = 'FSCLU',
    [int]$TimeoutSeconds = 60
)

$common = @{ Namespace = 'root\MSCluster'; ComputerName = $Cluster; ErrorAction = 'Stop' }

$nodes = Get-WmiObject @common -Class MSCluster_Node
foreach ($n in $nodes) {
    # State 0 = Up, 1 = Down, 2 = Paused
    [pscustomobject]@{ Kind = 'Node'; Name = $n.Name; State = $n.State }
}

$resources = Get-WmiObject @common -Class MSCluster_Resource
foreach ($r in $resources) {
    if ($r.State -eq 4) {
        Write-Warning "$($r.Name) failed; taking it offline"
        try {
            $r.TakeOffline($TimeoutSeconds) | Out-Null
        } catch {
            Write-Warning "TakeOffline($($r.Name)) failed: $_"
        }
    }
    [pscustomobject]@{ Kind = 'Resource'; Name = $r.Name; State = $r.State }
}

Get-Service -ComputerName $Cluster -Name ClusSvc | Select-Object -Property MachineName, Status
