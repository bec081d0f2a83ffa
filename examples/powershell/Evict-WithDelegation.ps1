# Works only because delegation is requested: the domain must trust CLU03 for delegation.
$c = Get-WmiObject -Namespace root\MSCluster -Class MSCluster_Cluster -ComputerName CLU03 `
    -Impersonation Delegate -Authority 'kerberos:CONTOSO\CLU03'
$c.EvictNode('CLU03-N2')
