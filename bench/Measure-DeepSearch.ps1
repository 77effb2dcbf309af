#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Deep BM25 search on one thread: SciFact's 1,109 queries to depth 1,000 (and 100) through Invoke-Bm25Search, as
    per-hit objects exported with Export-TrecRun and written straight to a file with -OutFile, against Xapian 1.4
    on the same corpus and queries (bench/xapian_bm25.py, when Debian's python3-xapian is installed).
.DESCRIPTION
    Rounds are interleaved (ours, then Xapian's, in each round); medians are reported with queries per second and
    ratios. Xapian is timed inside its process (search alone, and search plus writing the run); ours is timed around
    the pipeline in this process, index opening included, after a warm-up pass.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Rearank/Rearank.psd1'),
    [string] $SharedData = (Join-Path $PSScriptRoot '../../shared/data'),
    [int] $Rounds = 3
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$corpus = Join-Path $SharedData 'scifact/corpus.jsonl'
$queryFile = Join-Path $SharedData 'scifact/queries.jsonl'
if (-not (Test-Path $corpus)) { "SciFact is not under $SharedData/scifact: deep search not measured."; return }
$scratch = Join-Path ([IO.Path]::GetTempPath()) "rearank-deep-search-$PID"
try {
    $index = Join-Path $scratch 'scifact'
    New-Bm25Index $index -CorpusPath $corpus | Out-Null
    $queries = @(Import-RearankQuery $queryFile)
    $python = @('/usr/bin/python3', 'python3') | Where-Object { Get-Command $_ -ErrorAction Ignore } | Select-Object -First 1
    $xapian = $false
    if ($python) { & $python -c 'import xapian' 2>$null; $xapian = $LASTEXITCODE -eq 0 }
    function Time([scriptblock] $block) { $clock = [Diagnostics.Stopwatch]::StartNew(); & $block | Out-Null; $clock.Elapsed.TotalSeconds }
    function Median([double[]] $values) { ($values | Sort-Object)[[int][math]::Floor($values.Count / 2)] }

    foreach ($depth in 1000, 100) {
        $out = Join-Path $scratch "run.$depth.trec"
        $queries | Invoke-Bm25Search -Index $index -Top $depth -ThrottleLimit 1 -OutFile $out -Force | Out-Null   # warm-up
        $objects = @(); $direct = @(); $xSearch = @(); $xRead = @(); $xWrite = @()
        foreach ($round in 1..$Rounds) {
            $objects += Time { $queries | Invoke-Bm25Search -Index $index -Top $depth -ThrottleLimit 1 -NoText | Export-TrecRun $out -Force }
            $direct += Time { $queries | Invoke-Bm25Search -Index $index -Top $depth -ThrottleLimit 1 -OutFile $out -Force }
            if ($xapian) {
                $x = & $python (Join-Path $PSScriptRoot 'xapian_bm25.py') $corpus $queryFile $depth (Join-Path $scratch 'xapian.trec') | ConvertFrom-Json
                $xSearch += $x.search_seconds; $xRead += $x.search_and_read_seconds; $xWrite += $x.search_and_write_seconds
            }
        }
        $n = $queries.Count
        ''
        "Depth $depth, $n queries, one thread:"
        '| path | median s | queries/s |'
        '|---|---:|---:|'
        '| Invoke-Bm25Search -NoText \| Export-TrecRun (an object per hit) | {0:F2} | {1:N0} |' -f (Median $objects), ($n / (Median $objects))
        '| Invoke-Bm25Search -OutFile | {0:F2} | {1:N0} |' -f (Median $direct), ($n / (Median $direct))
        if ($xapian) {
            '| Xapian 1.4, search alone | {0:F2} | {1:N0} |' -f (Median $xSearch), ($n / (Median $xSearch))
            '| Xapian 1.4, search and read every hit''s id and score | {0:F2} | {1:N0} |' -f (Median $xRead), ($n / (Median $xRead))
            '| Xapian 1.4, search and write the run (Python) | {0:F2} | {1:N0} |' -f (Median $xWrite), ($n / (Median $xWrite))
            '-OutFile in queries/s against Xapian: {0:F2}x its search alone, {1:F2}x its search and read, {2:F2}x its search and write.' -f ((Median $xSearch) / (Median $direct)), ((Median $xRead) / (Median $direct)), ((Median $xWrite) / (Median $direct))
        }
        else { 'python3-xapian is not installed: no Xapian comparison.' }
    }
}
finally {
    Remove-Item $scratch -Recurse -Force -ErrorAction Ignore
}
