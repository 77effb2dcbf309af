#!/usr/bin/env pwsh
<#
.SYNOPSIS
    What a scheduled job's fresh process pays before its first results: SciFact's 300 test queries searched to depth
    100 by the first Invoke-Bm25Search call of a new pwsh (timed inside it, import apart), against Xapian 1.4
    searching and writing the same run (bench/xapian_bm25.py); and the time from a fresh pwsh's start to the first
    hit of `Import-RearankQuery | Invoke-Bm25Search`. Interleaved rounds, medians.
.DESCRIPTION
    Compare two builds of the module by running this once per -ModulePath (build.ps1 bench runs the shipped one).
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Rearank/Rearank.psd1'),
    [string] $SharedData = (Join-Path $PSScriptRoot '../../shared/data'),
    [int] $Rounds = 5
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$corpus = Join-Path $SharedData 'scifact/corpus.jsonl'
if (-not (Test-Path $corpus)) { "SciFact is not under $SharedData/scifact: fresh-process search not measured."; return }
$scratch = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "rearank-fresh-$PID")
try {
    Import-Module $ModulePath
    $index = Join-Path $scratch 'scifact'
    New-Bm25Index $index -CorpusPath $corpus | Out-Null
    $test = [Collections.Generic.HashSet[string]]::new([string[]]@((Import-RearankQrels (Join-Path $SharedData 'scifact/qrels/test.tsv')).QueryId))
    $queries = Join-Path $scratch 'test.jsonl'
    Import-RearankQuery (Join-Path $SharedData 'scifact/queries.jsonl') | Where-Object { $test.Contains($_.QueryId) } |
        ForEach-Object { @{ _id = $_.QueryId; text = $_.Text } | ConvertTo-Json -Compress } | Set-Content $queries
    $count = @(Get-Content $queries).Count

    $installed = Get-Command pwsh -CommandType Application -ErrorAction Ignore | Where-Object { -not $_.Source.StartsWith($PSHOME) } | Select-Object -First 1
    $pwsh = @(if ($installed) { $installed.Source } else { (Get-Command dotnet).Source; Join-Path $PSHOME 'pwsh.dll' })
    $python = @('/usr/bin/python3', 'python3') | Where-Object { Get-Command $_ -ErrorAction Ignore } | Select-Object -First 1
    $xapian = $false
    if ($python) { & $python -c 'import xapian' 2>$null; $xapian = $LASTEXITCODE -eq 0 }

    $search = @"
`$clock = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$ModulePath'; `$import = `$clock.Elapsed.TotalSeconds
`$q = @(Import-RearankQuery '$queries'); `$clock.Restart()
`$q | Invoke-Bm25Search -Index '$index' -Top 100 -OutFile '$scratch/run.trec' -Force | Out-Null
'{0} {1}' -f `$import, `$clock.Elapsed.TotalSeconds
"@
    $first = "Import-RearankQuery '$queries' | Invoke-Bm25Search -Index '$index' -Top 100 | Select-Object -First 1 | Out-Null"
    $rows = foreach ($round in 1..$Rounds) {
        $import, $ours = (& $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $search) -split ' ' | ForEach-Object { [double]$_ }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command "Import-Module '$ModulePath'; $first"
        $firstHit = $clock.Elapsed.TotalSeconds
        $theirs = if ($xapian) { (& $python (Join-Path $PSScriptRoot 'xapian_bm25.py') $corpus $queries 100 (Join-Path $scratch 'x.trec') | ConvertFrom-Json).search_and_write_seconds } else { [double]::NaN }
        [pscustomobject]@{ Import = $import; Ours = $ours; FirstHit = $firstHit; Xapian = $theirs }
    }
    function Median([double[]] $values) { $s = $values | Sort-Object; if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
    $ours = Median $rows.Ours
    '| measure | median | rounds |'
    '|---|---:|---|'
    '| Import-Module in a fresh pwsh | {0:F3} s | {1} |' -f (Median $rows.Import), (($rows.Import | ForEach-Object { $_.ToString('F2') }) -join ', ')
    '| first Invoke-Bm25Search, {0} queries to depth 100 (-OutFile) | {1:F3} s, {2:N0} queries/s | {3} |' -f $count, $ours, ($count / $ours), (($rows.Ours | ForEach-Object { $_.ToString('F2') }) -join ', ')
    '| fresh pwsh start to the first hit of Import-RearankQuery \| Invoke-Bm25Search | {0:F3} s | {1} |' -f (Median $rows.FirstHit), (($rows.FirstHit | ForEach-Object { $_.ToString('F2') }) -join ', ')
    if ($xapian) {
        $x = Median $rows.Xapian
        '| Xapian 1.4, search and write the same run | {0:F3} s, {1:N0} queries/s | {2} |' -f $x, ($count / $x), (($rows.Xapian | ForEach-Object { $_.ToString('F2') }) -join ', ')
        ''
        'First call in a fresh process ÷ Xapian, as a rate: {0:F2}x (goal: at least 1x).' -f ($x / $ours)
    }
    else { ''; 'Xapian (Debian''s python3-xapian) not found: no comparison.' }
}
finally {
    Remove-Item $scratch -Recurse -Force -ErrorAction SilentlyContinue
}
