# Adds the new Hyper-V hosts to the cluster using CIM over WinRM.
$clusterName = 'HVCLU02'
$session = New-CimSession -ComputerName $clusterName

foreach ($newNode in 'HV-N5', 'HV-N6') {
    Get-CimInstance -Namespace root/MSCluster -ClassName MSCluster_Cluster -CimSession $session |
        Invoke-CimMethod -MethodName AddNode -Arguments @{ NodeName = $newNode }
}

Remove-CimSession $session
