<#
.SYNOPSIS
    Adds new Hyper-V hosts to the HVCLU02 cluster through CIM.
.DESCRIPTION
    Opens one CIM session to the cluster and calls MSCluster_Cluster.AddNode for each host that
    is not a member yet. The build team passes the new host names.
.EXAMPLE
    .\Add-NodesViaCim.ps1 -NewNodes HV-N5, HV-N6 -Verbose
#>
[CmdletBinding()]
param(
    [string]$ClusterName = 'HVCLU02',
    [string[]]$NewNodes = @('HV-N5', 'HV-N6')
)

$session = New-CimSession -ComputerName $ClusterName -ErrorAction Stop

try {
    $cimParams = @{
        Namespace  = 'root/MSCluster'
        CimSession = $session
    }
    $cluster = Get-CimInstance @cimParams -ClassName MSCluster_Cluster
    $members = (Get-CimInstance @cimParams -ClassName MSCluster_Node).Name
    Write-Verbose "Cluster $($cluster.Name) has $($members.Count) nodes"

    foreach ($newNode in $NewNodes) {
        if ($members -contains $newNode) {
            Write-Verbose "$newNode is already a member, skipping"
            continue
        }
        Write-Verbose "Adding $newNode"
        $result = Invoke-CimMethod -InputObject $cluster -MethodName AddNode -Arguments @{ NodeName = $newNode }
        if ($result.ReturnValue -ne 0) {
            Write-Warning "AddNode($newNode) returned $($result.ReturnValue)"
        }
    }
} finally {
    Remove-CimSession -CimSession $session
}
