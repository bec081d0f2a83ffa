<#
.SYNOPSIS
    Swaps an old node for a new one, using the FailoverClusters cmdlets from the admin machine.
.DESCRIPTION
    The cmdlets talk to every node themselves with the admin's own credentials, so there is no
    impersonated second hop. Requires RSAT-Clustering-PowerShell on the admin machine.
.EXAMPLE
    .\Replace-ClusterNode.ps1 -Cluster FSCLU -OldNode FS-N2 -NewNode FS-N6
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)][string]$Cluster,
    [Parameter(Mandatory)][string]$OldNode,
    [Parameter(Mandatory)][string]$NewNode
)

Import-Module FailoverClusters -ErrorAction Stop

$clusterParams = @{ Cluster = $Cluster; ErrorAction = 'Stop' }

try {
    Write-Verbose "Adding $NewNode to $Cluster"
    if ($PSCmdlet.ShouldProcess($NewNode, 'Add-ClusterNode')) {
        Add-ClusterNode @clusterParams -Name $NewNode
    }

    Write-Verbose "Draining $OldNode"
    Suspend-ClusterNode @clusterParams -Name $OldNode -Drain -Wait | Out-Null

    if ($PSCmdlet.ShouldProcess($OldNode, 'Remove-ClusterNode')) {
        Remove-ClusterNode @clusterParams -Name $OldNode -Force
    }
    Get-ClusterNode @clusterParams | Format-Table -Property Name, State -AutoSize
} catch {
    Write-Error "Node replacement on $Cluster failed: $_"
    exit 1
}
