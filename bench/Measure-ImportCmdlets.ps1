#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Times the import cmdlets end to end in PowerShell (reading, object creation, the pipeline), next to the
    core readers' figures from Rearank.Bench, to show what the pipeline itself costs.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $SharedData,
    [int] $Lines = 1000000
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$scratch = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "rearank-bench-$PID")
try {
    # The same shape as Rearank.Bench's synthetic run: 100 hits per query.
    $run = Join-Path $scratch 'run.txt'
    $writer = [IO.StreamWriter]::new($run)
    for ($i = 0; $i -lt $Lines; $i++) { $writer.Write("$(100000 + [math]::Floor($i / 100)) Q0 $($i * 7919 % 8841823) $($i % 100 + 1) $(30 - ($i % 100) * 0.17) bm25`n") }
    $writer.Dispose()

    $cases = [ordered]@{ "Import-TrecRun, $($Lines.ToString('N0')) lines" = { Import-TrecRun $run | Measure-Object } }
    if ($SharedData -and (Test-Path $SharedData)) {
        $cases['Import-RearankDocument, SciFact'] = { Import-RearankDocument (Join-Path $SharedData 'scifact/corpus.jsonl') | Measure-Object }
        $cases['Import-RearankCandidate, DL19'] = { Import-RearankCandidate (Join-Path $SharedData 'dl19/retrieve_results_dl19_top100.json') | Measure-Object }
    }
    '| cmdlet | records | median s | records/s |'
    '|---|---:|---:|---:|'
    foreach ($case in $cases.GetEnumerator()) {
        $count = (& $case.Value).Count   # warm-up
        $times = 1..3 | ForEach-Object { (Measure-Command $case.Value).TotalSeconds } | Sort-Object
        '| {0} | {1:N0} | {2:F2} | {3:N0} |' -f $case.Key, $count, $times[1], ($count / $times[1])
    }
}
finally {
    Remove-Item $scratch -Recurse -Force
}
