<#
.SYNOPSIS
    Validates and creates a Storage Spaces Direct cluster, then configures Network ATC,
    all from the admin workstation by remoting into the first node.
#>
param(
    [string]$FirstNode = 'S2D-N1',
    [string[]]$Nodes = @('S2D-N1', 'S2D-N2', 'S2D-N3', 'S2D-N4'),
    [string]$ClusterName = 'S2DCLU01',
    [string]$ClusterIP = '10.20.0.50'
)

$ErrorActionPreference = 'Stop'

Write-Host "Validating $($Nodes -join ', ') from $FirstNode"
Invoke-Command -ComputerName $FirstNode -ScriptBlock {
    Import-Module FailoverClusters
    Test-Cluster -Node $using:Nodes -Include 'Storage Spaces Direct', Inventory, Network, 'System Configuration'
}

Invoke-Command -ComputerName $FirstNode -ScriptBlock {
    New-Cluster -Name $using:ClusterName -Node $using:Nodes -StaticAddress $using:ClusterIP -NoStorage
}

# Network ATC intents, applied cluster-wide
Invoke-Command -ComputerName $FirstNode -ScriptBlock {
    Add-NetIntent -Name Management_Compute -Management -Compute -ClusterName $using:ClusterName -AdapterName pNIC01, pNIC02
}

# Reading the cluster from the node is fine
Invoke-Command -ComputerName $FirstNode { Get-ClusterNode -Cluster $using:ClusterName | Format-Table Name, State }
