# Tears down a lab cluster. The cluster name comes from the operator.
function Remove-LabCluster {
    param([string]$Server)
    $cluster = Get-WmiObject -Namespace root\MSCluster -Class MSCluster_Cluster -ComputerName $Server
    $cluster.DestroyCluster($true)
}

$target = Read-Host 'Cluster to destroy'
Remove-LabCluster -Server $target
