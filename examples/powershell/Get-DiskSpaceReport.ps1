<#
.SYNOPSIS
    Free disk space on a list of servers, as CSV.
.DESCRIPTION
    Nothing to do with clustering: Win32_LogicalDisk over WMI. hopcheck has nothing to say.
.EXAMPLE
    .\Get-DiskSpaceReport.ps1 -ComputerName FS-N1, FS-N2 -Path C:\Reports\disks.csv
#>
[CmdletBinding()]
param(
    [Parameter(ValueFromPipeline)][string[]]$ComputerName = @('FS-N1', 'FS-N2', 'SQL-N1'),
    [string]$Path = (Join-Path $env:TEMP 'disks.csv'),
    [int]$WarnPercent = 15
)

begin { $rows = [System.Collections.Generic.List[object]]::new() }

process {
    foreach ($computer in $ComputerName) {
        Write-Verbose "Querying $computer"
        try {
            $disks = Get-WmiObject -Class Win32_LogicalDisk -Filter 'DriveType = 3' -ComputerName $computer -ErrorAction Stop
        } catch {
            Write-Warning "${computer}: $_"
            continue
        }
        foreach ($d in $disks) {
            $free = [math]::Round(100 * $d.FreeSpace / $d.Size, 1)
            if ($free -lt $WarnPercent) { Write-Warning "$computer $($d.DeviceID) only $free% free" }
            $rows.Add([pscustomobject]@{ Computer = $computer; Drive = $d.DeviceID; FreePercent = $free })
        }
    }
}

end {
    $rows | Export-Csv -Path $Path -NoTypeInformation
    Write-Output "Wrote $($rows.Count) rows to $Path"
}
