<#
.SYNOPSIS
    Brings cluster membership in line with the inventory: adds missing nodes, evicts retired ones.
.DESCRIPTION
    Reads the desired members per cluster, compares them with MSCluster_Node and calls
    MSCluster_Cluster.AddNode / EvictNode through a helper. Scheduled on the management server.
.EXAMPLE
    .\Sync-ClusterMembership.ps1 -WhatIf
#>
[CmdletBinding(SupportsShouldProcess)]
param()

function Invoke-MembershipChange {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][string]$Node,
        [Parameter(Mandatory)][ValidateSet('Add', 'Evict')][string]$Action,
        [Parameter(Mandatory)][string]$Member
    )
    Write-Verbose "$Action $Member through $Node"
    $cluster = Get-WmiObject -Namespace root\MSCluster -Class MSCluster_Cluster -ComputerName $Node -ErrorAction Stop
    switch ($Action) {
        'Add'   { $r = $cluster.AddNode($Member) }
        'Evict' { $r = $cluster.EvictNode($Member) }
    }
    if ($r.ReturnValue -ne 0) {
        throw "$Action $Member returned $($r.ReturnValue)"
    }
}

$inventory = @{
    'APP-N1' = @('APP-N1', 'APP-N2', 'APP-N3')
}

foreach ($entry in $inventory.GetEnumerator()) {
    $current = (Get-WmiObject -Namespace root\MSCluster -Class MSCluster_Node -ComputerName $entry.Key).Name
    $diff = Compare-Object -ReferenceObject $entry.Value -DifferenceObject $current
    foreach ($d in $diff) {
        try {
            if ($d.SideIndicator -eq '<=' -and $PSCmdlet.ShouldProcess($d.InputObject, 'Add')) {
                Invoke-MembershipChange -Node 'APP-N1' -Action Add -Member $d.InputObject
            } elseif ($d.SideIndicator -eq '=>' -and $PSCmdlet.ShouldProcess($d.InputObject, 'Evict')) {
                Invoke-MembershipChange -Node 'APP-N1' -Action Evict -Member $d.InputObject
            }
        } catch {
            Write-Warning "Could not change $($d.InputObject): $_"
        }
    }
}
