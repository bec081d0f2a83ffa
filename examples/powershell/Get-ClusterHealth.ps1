# Clean: reads cluster resources (MSCluster_Resource is not affected) and takes a stuck disk offline.
param([string]$Cluster = 'FSCLU')

$resources = Get-WmiObject -Namespace root\MSCluster -Class MSCluster_Resource -ComputerName $Cluster
foreach ($r in $resources) {
    if ($r.State -eq 4) {
        Write-Warning "$($r.Name) failed; taking it offline"
        $r.TakeOffline(60)
    }
}

Get-Service -ComputerName $Cluster -Name ClusSvc | Select-Object MachineName, Status
