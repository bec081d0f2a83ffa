# Builds a new two-node cluster for the SQL tier from a jump host.
$nodes     = 'SQL-N1', 'SQL-N2'
$addresses = @('10.20.0.50')
$masks     = @('255.255.255.0')

$clusterClass = [wmiclass]"\\$($nodes[0])\root\MSCluster:MSCluster_Cluster"
$result = $clusterClass.CreateCluster('SQLCLU', $nodes, $addresses, $masks, 1)
if ($result.ReturnValue -ne 0) { throw "CreateCluster returned $($result.ReturnValue)" }
