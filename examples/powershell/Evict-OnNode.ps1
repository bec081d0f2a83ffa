# Clean: runs on a cluster node and connects to itself, so the provider's onward connection is the first hop.
$local = Get-WmiObject -Namespace root\MSCluster -Class MSCluster_Cluster -ComputerName $env:COMPUTERNAME
$local.EvictNode('FS-N4')

# Clean: the FailoverClusters cmdlets run from this machine.
Remove-ClusterNode -Cluster FSCLU -Name FS-N4 -Force
Add-ClusterNode -Cluster FSCLU -Name FS-N5
