<#
.SYNOPSIS
    Evicts a node over WMI with Kerberos delegation.
.DESCRIPTION
    The cluster nodes' computer accounts are trusted for (constrained) delegation to each other,
    so the cluster provider may use our ticket for its connection to the evicted node.
.EXAMPLE
    .\Evict-WithDelegation.ps1 -Cluster CLU03 -Node CLU03-N2
#>
[CmdletBinding()]
param(
    [string]$Cluster = 'CLU03',
    [string]$Domain = 'CONTOSO',
    [Parameter(Mandatory)][string]$Node
)

$wmiParams = @{
    Namespace      = 'root\MSCluster'
    Class          = 'MSCluster_Cluster'
    ComputerName   = $Cluster
    Impersonation  = 'Delegate'
    Authentication = 'PacketPrivacy'
    Authority      = "kerberos:$Domain\$Cluster"
    ErrorAction    = 'Stop'
}

try {
    $c = Get-WmiObject @wmiParams
    Write-Verbose "Evicting $Node from $($c.Name) with delegation"
    $r = $c.EvictNode($Node)
    if ($r.ReturnValue -ne 0) { throw "EvictNode returned $($r.ReturnValue)" }
} catch [System.UnauthorizedAccessException] {
    Write-Error "Access denied: is $Cluster trusted for delegation? $_"
} catch {
    Write-Error $_
}
