<#
.SYNOPSIS
    Tears down a lab cluster at the end of a training session.
.DESCRIPTION
    Asks the trainer which lab cluster to destroy, confirms, and calls
    MSCluster_Cluster.DestroyCluster with CleanupAD so the CNO is removed as well.
#>
[CmdletBinding()]
param()

function Remove-LabCluster {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][string]$Server,
        [switch]$KeepAdObjects
    )
    Write-Verbose "Connecting to $Server"
    $cluster = Get-WmiObject -Namespace root\MSCluster -Class MSCluster_Cluster -ComputerName $Server -ErrorAction Stop
    Write-Verbose "Destroying $($cluster.Name)"
    $result = $cluster.DestroyCluster(-not $KeepAdObjects)
    if ($result.ReturnValue -ne 0) {
        throw "DestroyCluster returned $($result.ReturnValue)"
    }
}

$target = Read-Host -Prompt 'Lab cluster to destroy (e.g. LAB07)'
if ($target -notmatch '^LAB\d{2}$') {
    Write-Error "$target is not a lab cluster name"
    return
}

$answer = Read-Host -Prompt "Type YES to destroy $target"
if ($answer -ceq 'YES') {
    try {
        Remove-LabCluster -Server $target -Verbose
        Write-Host "$target destroyed" -ForegroundColor Green
    } catch {
        Write-Error "Could not destroy ${target}: $_"
    }
}
