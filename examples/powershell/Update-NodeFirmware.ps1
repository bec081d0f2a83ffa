<#
.SYNOPSIS
    Drains each node of HVCLU03 in turn, installs the vendor's driver package from the
    software share and restarts it. Runs from the admin workstation.
#>
param(
    [string[]]$Nodes = @('HV-N1', 'HV-N2', 'HV-N3'),
    [string]$SoftwareShare = '\\fs01\software'
)

$package = Join-Path $SoftwareShare 'Drivers\NIC-24.1'

foreach ($node in $Nodes) {
    $partner = $Nodes | Where-Object { $_ -ne $node } | Select-Object -First 1
    Invoke-Command -ComputerName $node -ScriptBlock {
        Import-Module \\fs01\software\Modules\VendorTools\VendorTools.psd1
        Suspend-ClusterNode -Name $env:COMPUTERNAME -Drain -Wait
        robocopy $using:package C:\Drivers\NIC /E /R:2
        Invoke-Command -ComputerName HV-N2 { Get-ClusterGroup | Where-Object OwnerNode -EQ HV-N2 }
        Get-Service -Name ClusSvc -ComputerName HV-N3
    }
    Invoke-Command -ComputerName $node -ScriptBlock { pnputil /add-driver C:\Drivers\NIC\*.inf /install }
    Restart-Computer -ComputerName $node -Wait -For PowerShell -Force
    Invoke-Command -ComputerName $node { Resume-ClusterNode -Name $env:COMPUTERNAME -Failback Immediate }
}

# Prestage the computer object of the new file server role, from a session on the first node
Invoke-Command -ComputerName $Nodes[0] {
    New-ADComputer -Name HVFS01 -Path 'OU=Clusters,DC=contoso,DC=com' -Enabled $false
}
