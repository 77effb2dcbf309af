#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Times Measure-RankingQuality from files to the aggregate on a 1,000 x 1,000 run with 100,000 judgments
    (ndcg_cut.10, map, recall.100 unless -Metric names others, e.g. all_trec), and trec_eval with the same -m
    arguments on the same files when one is on PATH or in $env:TREC_EVAL.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $BenchProject,
    [int] $Repetitions = 5,
    [string[]] $Metric = @('ndcg_cut.10', 'map', 'recall.100')
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$scratch = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "rearank-eval-bench-$PID")
try {
    $run, $qrels = & dotnet run --project $BenchProject -c Release --no-build -- --write-evaluation-data $scratch
    if ($LASTEXITCODE -ne 0) { throw 'The data generator failed.' }
    $metrics = $Metric

    # The first call in a fresh process pays for loading and compiling the module's code: report it apart.
    $cold = (Measure-Command { $null = Measure-RankingQuality -Run $run -Qrels $qrels -Metric $metrics }).TotalSeconds
    $trecEval = if ($env:TREC_EVAL) { $env:TREC_EVAL } else { (Get-Command trec_eval -ErrorAction SilentlyContinue).Source }
    $arguments = @($metrics | ForEach-Object { '-m', $_ }) + @($qrels, $run)
    if ($trecEval) { $null = & $trecEval @arguments }

    # Interleaved pairs: the machine's speed drifts (by 20-30% over minutes on a shared VM), so each call of ours is
    # timed next to one of trec_eval and the ratio is taken per pair.
    $pairs = foreach ($i in 1..$Repetitions) {
        [GC]::Collect()
        $mine = (Measure-Command { $script:ours = Measure-RankingQuality -Run $run -Qrels $qrels -Metric $metrics -AsTrecEval }).TotalSeconds
        $theirTime = if ($trecEval) { (Measure-Command { $script:theirs = & $trecEval @arguments }).TotalSeconds } else { [double]::NaN }
        [pscustomobject]@{ Ours = $mine; TrecEval = $theirTime; Ratio = $mine / $theirTime }
    }
    function Median([double[]] $values) { ($values | Sort-Object)[[int][math]::Floor($values.Count / 2)] }
    $median = Median $pairs.Ours
    $peak = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB
    '| tool | median s | peak working set |'
    '|---|---:|---:|'
    '| Measure-RankingQuality, first call in the process | {0:F3} | |' -f $cold
    '| Measure-RankingQuality, later calls (median) | {0:F3} | {1:F0} MB (whole pwsh process) |' -f $median, $peak
    if ($trecEval) {
        $cMedian = Median $pairs.TrecEval
        $maxRss = if (Test-Path /usr/bin/time) { [double]"$(& /usr/bin/time -f '%M' $trecEval @arguments 2>&1 | Select-Object -Last 1)" / 1024 } else { [double]::NaN }
        '| {0} | {1:F3} | {2:F0} MB (max RSS) |' -f "$(& $trecEval -v 2>&1 | Select-Object -First 1)", $cMedian, $maxRss
        ''
        'Warm call / trec_eval, median of {0} interleaved pairs: {1:F2}x (pairs: {2}). Same output lines: {3}' -f $Repetitions, (Median $pairs.Ratio),
            (($pairs | ForEach-Object { $_.Ratio.ToString('F2', [cultureinfo]::InvariantCulture) }) -join ' '),
            ((($ours | Where-Object { $_ -notmatch '^runid' }) -join "`n") -eq (($theirs | Where-Object { $_ -notmatch '^runid' }) -join "`n"))
        $ours | Where-Object { $_ -notmatch '^runid' }
    }
    else {
        ''
        'trec_eval not found (PATH or $env:TREC_EVAL): no comparison.'
    }
}
finally {
    Remove-Item $scratch -Recurse -Force
}
