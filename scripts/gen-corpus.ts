// Writes a realistic mixed PowerShell/VBScript tree for tests and benchmarks:
//   npm run gen-corpus -- --files N --out DIR [--seed S]
// Most files are ordinary admin scripts with no cluster call; some carry planted findings (and some
// planted local calls that must NOT be reported). Encodings and line endings vary as on real file
// shares. DIR/manifest.json lists every planted finding (file, code, line, column) and the files that
// must be skipped (binary).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { rng } from './rng';

export interface Planted {
  file: string;
  code: string;
  line: number;
  column: number;
}

export interface Manifest {
  files: number;
  seed: number;
  findings: Planted[];
  /** Files the scanner must skip (binary content), relative paths. */
  skipped: string[];
  /** Bytes written, all files. */
  bytes: number;
}

const NODES = ['node1', 'node2', 'CLUNODE03', 'sql-n4.contoso.com', 'hv-node7', '10.20.30.41'];
const SERVICES = ['Spooler', 'W32Time', 'WinRM', 'MSSQLSERVER', 'ClusSvc', 'BITS'];

// ---- filler: ordinary admin code, no cluster calls ------------------------------------------
const PS_BLOCKS: ((r: () => number, v: string) => string)[] = [
  (r, v) => `$${v}Svc = Get-Service -Name '${pick(r, SERVICES)}' -ErrorAction SilentlyContinue\nif ($${v}Svc.Status -ne 'Running') {\n    Write-Warning "Service $($${v}Svc.Name) is $($${v}Svc.Status)"\n    Start-Service -InputObject $${v}Svc\n}\n`,
  (r, v) => `$${v}Disks = Get-CimInstance -ClassName Win32_LogicalDisk -Filter "DriveType=3"\nforeach ($d in $${v}Disks) {\n    $free = [math]::Round($d.FreeSpace / 1GB, 1)\n    if ($free -lt ${5 + Math.floor(r() * 20)}) { Write-Output "$($d.DeviceID) low: $free GB" }\n}\n`,
  (_r, v) => `function Write-${cap(v)}Log {\n    [CmdletBinding()]\n    param([Parameter(Mandatory)][string]$Message, [string]$Path = "$env:TEMP\\${v}.log")\n    $line = '{0:u} {1}' -f (Get-Date), $Message\n    Add-Content -Path $Path -Value $line\n}\n`,
  (r, v) => `$${v}Old = Get-ChildItem -Path 'D:\\Logs' -Filter *.log -Recurse |\n    Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-${7 + Math.floor(r() * 60)}) }\n$${v}Old | Remove-Item -WhatIf\n`,
  (_r, v) => `try {\n    $${v}Users = Get-ADUser -Filter 'Enabled -eq $false' -Properties LastLogonDate\n    $${v}Users | Select-Object Name, LastLogonDate | Export-Csv -Path .\\disabled.csv -NoTypeInformation\n} catch {\n    Write-Error "AD query failed: $_"\n}\n`,
  (r, v) => `$${v}Key = 'HKLM:\\SOFTWARE\\Contoso\\Agent'\nif (-not (Test-Path $${v}Key)) { New-Item -Path $${v}Key -Force | Out-Null }\nSet-ItemProperty -Path $${v}Key -Name 'Interval' -Value ${Math.floor(r() * 600)}\n`,
  (r, v) => `$${v}Procs = Get-WmiObject -Class Win32_Process -ComputerName ${pick(r, NODES)} |\n    Sort-Object WorkingSetSize -Descending | Select-Object -First 5\n$${v}Procs | Format-Table Name, ProcessId, WorkingSetSize\n`,
  (_r, v) => `$${v}Params = @{\n    Path        = 'C:\\Reports'\n    ItemType    = 'Directory'\n    ErrorAction = 'SilentlyContinue'\n}\nNew-Item @${v}Params | Out-Null\n`,
  (r, v) => `switch (${Math.floor(r() * 4)}) {\n    0 { $${v}Mode = 'daily' }\n    1 { $${v}Mode = 'weekly' }\n    default { $${v}Mode = 'manual' }\n}\nWrite-Verbose "mode: $${v}Mode"\n`,
  (r, v) => `# Resources of the cluster (a different class: never a finding)\n$${v}Res = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Resource -ComputerName ${pick(r, NODES)}\n$${v}Res | Where-Object { $_.State -ne 2 } | ForEach-Object { Write-Output $_.Name }\n`,
];

const VBS_BLOCKS: ((r: () => number, v: string) => string)[] = [
  (r, v) => `Set obj${cap(v)}WMI = GetObject("winmgmts:\\\\" & "${pick(r, NODES)}" & "\\root\\cimv2")\nSet col${cap(v)} = obj${cap(v)}WMI.ExecQuery("Select * from Win32_Service Where Name = '${pick(r, SERVICES)}'")\nFor Each objItem In col${cap(v)}\n    WScript.Echo objItem.Name & ": " & objItem.State\nNext\n`,
  (_r, v) => `Set fso${cap(v)} = CreateObject("Scripting.FileSystemObject")\nIf Not fso${cap(v)}.FolderExists("C:\\Temp\\${v}") Then\n    fso${cap(v)}.CreateFolder "C:\\Temp\\${v}"\nEnd If\n`,
  (r, v) => `Set sh${cap(v)} = CreateObject("WScript.Shell")\nstr${cap(v)} = sh${cap(v)}.RegRead("HKLM\\SOFTWARE\\Contoso\\Agent\\Interval")\nIf str${cap(v)} < ${Math.floor(r() * 100)} Then WScript.Echo "interval too short"\n`,
  (_r, v) => `Sub Log${cap(v)}(strMessage)\n    Dim f\n    Set f = CreateObject("Scripting.FileSystemObject").OpenTextFile("C:\\Temp\\${v}.log", 8, True)\n    f.WriteLine Now & " " & strMessage\n    f.Close\nEnd Sub\n`,
  (r, v) => `Dim arr${cap(v)}(${Math.floor(r() * 9) + 1})\nFor i = 0 To UBound(arr${cap(v)})\n    arr${cap(v)}(i) = "item" & i\nNext\n`,
  (_r, v) => `On Error Resume Next\nSet objUser${cap(v)} = GetObject("LDAP://CN=svc-${v},OU=Service,DC=contoso,DC=com")\nIf Err.Number <> 0 Then\n    WScript.Echo "not found: " & Err.Description\n    Err.Clear\nEnd If\nOn Error GoTo 0\n`,
];

// ---- planted: cluster calls with known findings ---------------------------------------------
// «Name»[CODE] marks a finding at the start of Name; «Name»[-] marks a call that must NOT be reported.
const PS_PLANTS: ((r: () => number, v: string) => string)[] = [
  (r, v) => `$${v}Cluster = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName ${pick(r, NODES)}\n$${v}Cluster.«EvictNode»[HOP001]('${pick(r, NODES)}')\n`,
  (r, v) => `$${v}Cls = [wmiclass]'\\\\${pick(r, NODES)}\\root\\MSCluster:MSCluster_Cluster'\n$${v}Cls.«AddNode»[HOP001]('${pick(r, NODES)}')\n`,
  (r, v) => `Invoke-Command -ComputerName ${pick(r, NODES)} -ScriptBlock {\n    «Remove-ClusterNode»[HOP003] -Name ${pick(r, NODES)} -Force\n}\n`,
  (_r, v) => `function Remove-${cap(v)}Node {\n    param([string]$Server, [string]$Node)\n    (Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $Server).«EvictNode»[HOP002]($Node)\n}\n`,
  (r, v) => `$${v}Session = New-CimSession -ComputerName ${pick(r, NODES)}\nGet-CimInstance -Namespace root/MSCluster -ClassName MSCluster_Cluster -CimSession $${v}Session |\n    Invoke-CimMethod -MethodName «AddNode»[HOP001] -Arguments @{ NodeName = '${pick(r, NODES)}' }\n`,
  (r, v) => `# runs on the node itself: local, no finding\n$${v}Local = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName $env:COMPUTERNAME\n$${v}Local.«EvictNode»[-]('${pick(r, NODES)}')\n`,
];

const VBS_PLANTS: ((r: () => number, v: string) => string)[] = [
  (r, v) => `str${cap(v)}Server = "${pick(r, NODES)}"\nSet svc${cap(v)} = GetObject("winmgmts:{impersonationLevel=impersonate}!\\\\" & str${cap(v)}Server & "\\root\\MSCluster")\nSet clu${cap(v)} = svc${cap(v)}.Get("MSCluster_Cluster")\nclu${cap(v)}.«EvictNode»[HOP001] "${pick(r, NODES)}"\n`,
  (r, v) => `Set loc${cap(v)} = CreateObject("WbemScripting.SWbemLocator")\nSet svc${cap(v)} = loc${cap(v)}.ConnectServer(WScript.Arguments(0), "root\\MSCluster")\nsvc${cap(v)}.Get("MSCluster_Cluster").«AddNode»[HOP002] "${pick(r, NODES)}"\n`,
  (r, v) => `' local connection: no finding\nSet svc${cap(v)} = GetObject("winmgmts:\\\\.\\root\\MSCluster")\nsvc${cap(v)}.Get("MSCluster_Cluster").«EvictNode»[-] "${pick(r, NODES)}"\n`,
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'fox', 'golf', 'hotel', 'india', 'kilo', 'lima', 'mike'];

type Encoding = 'utf8' | 'utf8bom' | 'utf16le' | 'cp1252';

function encodeAs(text: string, enc: Encoding): Buffer {
  switch (enc) {
    case 'utf8': return Buffer.from(text, 'utf8');
    case 'utf8bom': return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le': return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'cp1252': return Buffer.from(text, 'latin1'); // the generated text is ASCII plus Latin-1 letters
  }
}

const MARK = /«([\w-]+)»\[(HOP\d{3}|-)\]/;

/** Strips the markers from `text`, returning the clean text and the marked positions (1-based, before line-ending conversion). */
function unmark(text: string): { text: string; marks: { code: string; line: number; column: number }[] } {
  const marks: { code: string; line: number; column: number }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    for (let m = MARK.exec(lines[i]); m; m = MARK.exec(lines[i])) {
      if (m[2] !== '-') marks.push({ code: m[2], line: i + 1, column: m.index + 1 });
      lines[i] = lines[i].slice(0, m.index) + m[1] + lines[i].slice(m.index + m[0].length);
    }
  }
  return { text: lines.join('\n'), marks };
}

export function generateCorpus(files: number, out: string, seed = 1): Manifest {
  const r = rng(seed);
  const manifest: Manifest = { files, seed, findings: [], skipped: [], bytes: 0 };
  const folders = ['scripts', 'scripts/maintenance', 'legacy/vbs', 'modules/Contoso.Admin', 'archive/2019', 'tools'];
  for (let i = 0; i < files; i++) {
    const folder = pick(r, folders);
    const vbs = folder.startsWith('legacy') ? r() < 0.9 : r() < 0.2;
    const plant = r() < 0.06;
    const ext = vbs ? (r() < 0.1 ? '.wsf' : '.vbs') : (folder.startsWith('modules') ? '.psm1' : '.ps1');
    const name = `${folder}/${pick(r, WORDS)}-${i}${ext}`;
    if (r() < 0.002) {
      // A binary file with a script name (a mis-saved export): must be skipped.
      const bin = Buffer.alloc(512 + Math.floor(r() * 2048));
      for (let k = 0; k < bin.length; k++) bin[k] = Math.floor(r() * 256);
      bin[3] = 0;
      write(join(out, name), bin);
      manifest.skipped.push(name);
      manifest.bytes += bin.length;
      continue;
    }
    const enc: Encoding = (() => { const x = r(); return x < 0.6 ? 'utf8' : x < 0.8 ? 'utf8bom' : x < 0.95 ? 'utf16le' : 'cp1252'; })();
    // Windows-1252 files carry a Latin-1 letter (so they are not valid UTF-8); Unicode ones a check mark.
    const note = enc === 'cp1252' ? 'géré par l\'équipe système' : enc === 'utf8' ? 'owner: ops' : 'owner: ops ✓';
    const blocks = (vbs ? VBS_BLOCKS : PS_BLOCKS);
    const parts: string[] = [vbs ? `' ${name} - generated admin script (${note})\nOption Explicit\n` : `<#\n.SYNOPSIS\n    ${name}: generated admin script (${note})\n#>\n`];
    const count = 2 + Math.floor(r() * 8);
    const plantAt = plant ? Math.floor(r() * count) : -1;
    for (let b = 0; b < count; b++) {
      const v = `${pick(r, WORDS)}${b}`;
      parts.push(pick(r, blocks)(r, v));
      if (b === plantAt) parts.push(pick(r, vbs ? VBS_PLANTS : PS_PLANTS)(r, `${pick(r, WORDS)}p${b}`));
    }
    let body = parts.join('\n');
    if (ext === '.wsf') body = `<job id="${pick(r, WORDS)}">\n<script language="VBScript">\n${body}</script>\n</job>\n`;
    const { text, marks } = unmark(body);
    for (const m of marks) manifest.findings.push({ file: name, ...m });
    const crlf = r() < 0.7;
    const finalText = crlf ? text.replace(/\n/g, '\r\n') : text;
    const bytes = encodeAs(finalText, enc);
    write(join(out, name), bytes);
    manifest.bytes += bytes.length;
  }
  manifest.findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

function write(path: string, data: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const get = (flag: string) => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : undefined; };
  const files = Number(get('--files') ?? '1000');
  const out = get('--out');
  const seed = Number(get('--seed') ?? '1');
  if (!out || !Number.isInteger(files) || files < 1) {
    process.stderr.write('usage: npm run gen-corpus -- --files N --out DIR [--seed S]\n');
    process.exit(2);
  }
  const m = generateCorpus(files, out, seed);
  process.stdout.write(`wrote ${m.files} files (${(m.bytes / 1048576).toFixed(1)} MB) to ${out}: ${m.findings.length} planted findings, ${m.skipped.length} binary files\n`);
}
