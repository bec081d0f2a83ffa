<#
.SYNOPSIS
    Builds the two-node failover cluster for the SQL tier.
.DESCRIPTION
    Checks that both nodes answer and have the Failover Clustering feature, then creates the
    cluster through the MSCluster_Cluster WMI class on the first node. Run from the jump host.
.EXAMPLE
    .\New-SqlCluster.ps1 -Verbose
#>
[CmdletBinding()]
param(
    [string]$ClusterName = 'SQLCLU',
    [string[]]$Nodes = @('SQL-N1', 'SQL-N2'),
    [string]$StaticAddress = '10.20.0.50',
    [string]$SubnetMask = '255.255.255.0'
)

$ErrorActionPreference = 'Stop'

foreach ($n in $Nodes) {
    Write-Verbose "Checking $n"
    if (-not (Test-Connection -ComputerName $n -Count 1 -Quiet)) {
        throw "$n does not answer ping"
    }
    $svc = Get-Service -ComputerName $n -Name ClusSvc -ErrorAction SilentlyContinue
    if (-not $svc) {
        throw "The Failover Clustering feature is not installed on $n"
    }
}

# The class lives on every node; the first one is as good as any.
$clusterClass = [wmiclass]'\\SQL-N1\root\MSCluster:MSCluster_Cluster'

Write-Verbose "Creating $ClusterName on $($Nodes -join ', ') with $StaticAddress"
try {
    # AdministrativeAccessPoint 1 = ActiveDirectoryAndDns
    $result = $clusterClass.CreateCluster($ClusterName, $Nodes, @($StaticAddress), @($SubnetMask), 1)
    if ($result.ReturnValue -ne 0) {
        throw "CreateCluster returned $($result.ReturnValue)"
    }
} catch {
    Write-Error "Cluster creation failed: $_"
    throw
}

Write-Output "Cluster $ClusterName created"
