<#
.SYNOPSIS
    Builds a two-node lab cluster inside Hyper-V guests over PowerShell Direct, then adds a third node
    from the host itself through a loopback session that was given network access.
#>
$cred = Get-Credential -Message 'Lab domain administrator'

# PowerShell Direct: an interactive logon inside the VM, no second hop
Invoke-Command -VMName LAB-N1 -Credential $cred -ScriptBlock {
    New-Cluster -Name LABCLU -Node LAB-N1, LAB-N2 -StaticAddress 192.168.50.10
}

# A loopback session with -EnableNetworkAccess (the host is a lab cluster node itself)
Invoke-Command -ComputerName localhost -EnableNetworkAccess -ScriptBlock {
    Add-ClusterNode -Cluster LABCLU -Name LAB-N3
}
