<#
.SYNOPSIS
    Evicts a node from a failover cluster over WMI.
.DESCRIPTION
    Connects to the Failover Clustering WMI provider (root\MSCluster) on the cluster and calls
    MSCluster_Cluster.EvictNode. Meant to be run from the admin workstation.
.PARAMETER Cluster
    Cluster name or any node of the cluster.
.PARAMETER Node
    The node to evict.
.EXAMPLE
    .\Remove-NodeFromCluster.ps1 -Cluster CLU01 -Node CLU01-N3 -Verbose
.NOTES
    Drain the node first (Suspend-ClusterNode -Drain). Change ticket required.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [ValidateNotNullOrEmpty()]
    [string]$Cluster = 'CLU01',

    [Parameter(Mandatory)]
    [string]$Node
)

$ErrorActionPreference = 'Stop'

$wmiParams = @{
    Namespace    = 'root\MSCluster'
    Class        = 'MSCluster_Cluster'
    ComputerName = $Cluster
}

Write-Verbose "Connecting to the cluster provider on $Cluster"
try {
    $clusterObject = Get-WmiObject @wmiParams
} catch {
    throw "Cannot reach root\MSCluster on ${Cluster}: $_"
}

$members = Get-WmiObject -Namespace root\MSCluster -Class MSCluster_Node -ComputerName $Cluster
if ($members.Name -notcontains $Node) {
    Write-Warning "$Node is not a member of $($clusterObject.Name); nothing to do"
    return
}

if ($PSCmdlet.ShouldProcess($Node, "Evict from cluster $($clusterObject.Name)")) {
    try {
        Write-Verbose "Evicting $Node"
        $result = $clusterObject.EvictNode($Node)
        if ($result.ReturnValue -ne 0) {
            throw "EvictNode returned $($result.ReturnValue)"
        }
        Write-Output "Node $Node evicted from $($clusterObject.Name)"
    } catch {
        Write-Error "Evict of $Node failed: $_"
        exit 1
    }
}
