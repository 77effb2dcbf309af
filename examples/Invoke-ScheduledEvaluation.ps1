#!/usr/bin/env pwsh
<#
.SYNOPSIS
    A scheduled evaluation (cron, CI): BM25 plus reranking on each dataset, measured, appended to a CSV history,
    compared with the previous run, reported as HTML; exits 1 when a measure drops significantly.
.DESCRIPTION
    Each dataset is a BEIR-style folder or explicit files: corpus, queries, qrels. For each one the script indexes
    (once, cached under -OutputDirectory), searches, reranks with the session (a GGUF via -ModelPath, or servers via
    -Endpoint and -Model), evaluates -Metric, and appends one history row per dataset and measure: timestamp, run
    id, dataset, measure, value, settings, run file. It compares the new run with the previous run of the same
    dataset in the history (or with -BaselineRun) using Compare-RankingRun, writes report.html, and exits 1 when
    any measure got worse with a corrected randomization p-value below -Alpha.
.EXAMPLE
    ./examples/Invoke-ScheduledEvaluation.ps1 -ModelPath ./models/Rearank-7B-Q4_K_M.gguf -OutputDirectory /srv/evals
#>
[CmdletBinding(DefaultParameterSetName = 'Local')]
param(
    [Parameter(ParameterSetName = 'Local')] [string] $ModelPath,
    [Parameter(Mandatory, ParameterSetName = 'Remote')] [uri[]] $Endpoint,
    [Parameter(Mandatory, ParameterSetName = 'Remote')] [string] $Model,
    [hashtable[]] $Dataset = @(@{ Name = 'example'; Corpus = "$PSScriptRoot/data/corpus.jsonl"; Queries = "$PSScriptRoot/data/queries.jsonl"; Qrels = "$PSScriptRoot/data/qrels/test.tsv" }),
    [string] $OutputDirectory = (Join-Path $PSScriptRoot '../out/scheduled'),
    [string[]] $Metric = @('ndcg_cut.10', 'map'),
    [int] $Top = 20,
    [int] $WindowSize = 20,
    [int] $Step = 10,
    [int] $MaxNewTokens = 2048,
    [int] $ContextSize = 8192,
    # Opt-in answer guard of the local session (Open-RearankSession -ForceAnswer); REARANK's decoding without it.
    [Parameter(ParameterSetName = 'Local')] [switch] $ForceAnswer,
    [double] $Alpha = 0.05,
    [string] $BaselineRun,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Rearank/Rearank.psd1')
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null
$historyPath = Join-Path $OutputDirectory 'history.csv'
$timestamp = [DateTimeOffset]::UtcNow
$settings = "model=$(if ($Endpoint) { "$Model@$($Endpoint -join ';')" } else { Split-Path $ModelPath -Leaf });top=$Top;window=$WindowSize;step=$Step;maxnew=$MaxNewTokens"
# A short, git-like id for this run: what ran, and when.
$runId = -join ([Security.Cryptography.SHA1]::HashData([Text.Encoding]::UTF8.GetBytes("$settings|$($timestamp.ToString('o'))")) | Select-Object -First 4 | ForEach-Object { $_.ToString('x2') })
$runDirectory = Join-Path $OutputDirectory $runId
New-Item -ItemType Directory -Force -Path $runDirectory | Out-Null
$history = if (Test-Path $historyPath) { @(Import-Csv $historyPath) } else { @() }

$session = if ($Endpoint) { Open-RearankSession -Endpoint $Endpoint -Model $Model } else { Open-RearankSession $ModelPath -ContextSize $ContextSize -ForceAnswer:$ForceAnswer }
$regressions = @()
try {
    foreach ($set in $Dataset) {
        $index = Join-Path $OutputDirectory "index-$($set.Name)"
        if (-not (Test-Path (Join-Path $index 'rearank-index.json'))) { New-Bm25Index $index -CorpusPath $set.Corpus -Force | Out-Null }
        $hits = @(Import-RearankQuery $set.Queries | Invoke-Bm25Search -Index $index -Top $Top)
        $runFile = Join-Path $runDirectory "$($set.Name).trec"
        $reranked = @($hits | Invoke-RearankRerank -Session $session -WindowSize $WindowSize -Step $Step -MaxNewTokens $MaxNewTokens `
            -TracePath (Join-Path $runDirectory "$($set.Name).traces.jsonl") -WarningAction SilentlyContinue -ErrorAction Continue)
        # A query that failed is reported and kept in first-stage order; only a run that cannot go on (servers
        # unreachable, nothing reranked) stops the job, with a non-zero exit.
        $reranked | Export-TrecRun $runFile -RunTag "rearank-$runId" -Force
        $values = @(Measure-RankingQuality -Run $runFile -Qrels $set.Qrels -Metric $Metric)
        $rows = foreach ($v in $values) {
            [pscustomobject]@{
                Timestamp = $timestamp.ToString('o'); RunId = $runId; Dataset = $set.Name; Measure = $v.Measure
                Value = $v.Value.ToString('F4', [cultureinfo]::InvariantCulture); Settings = $settings; RunFile = $runFile
            }
        }
        $rows | Export-Csv $historyPath -Append -NoTypeInformation
        $rows | Format-Table Dataset, Measure, Value, RunId | Out-String | Write-Host

        $previous = if ($BaselineRun) { $BaselineRun } else {
            $history | Where-Object { $_.Dataset -eq $set.Name -and (Test-Path $_.RunFile) } | Select-Object -Last 1 -ExpandProperty RunFile
        }
        $reportRuns = @($runFile)
        if ($previous) {
            $comparison = @(Compare-RankingRun -Baseline $previous -Run $runFile -Qrels $set.Qrels -Metric $Metric)
            $comparison | Format-Table | Out-String | Write-Host
            $regressions += @($comparison | Where-Object { $_.MeanDifference -lt 0 -and $_.RandomizationPAdjusted -lt $Alpha } |
                ForEach-Object { "$($set.Name) $($_.Measure): $($_.BaselineMean.ToString('F4')) -> $($_.RunMean.ToString('F4')) (p = $($_.RandomizationPAdjusted.ToString('F4')))" })
            $reportRuns = @($previous, $runFile)
        }
        Export-RearankReport (Join-Path $runDirectory "$($set.Name).report.html") -Run $reportRuns -Qrels $set.Qrels -Metric $Metric -Title "Scheduled evaluation $runId, $($set.Name)" -Force | Out-Null
    }
}
finally {
    Close-RearankSession $session
}
if ($regressions.Count -gt 0) {
    Write-Host "REGRESSION in run ${runId}:"
    $regressions | ForEach-Object { Write-Host "  $_" }
    exit 1
}
Write-Host "Run $runId passed: no measure dropped significantly (alpha $Alpha). History: $historyPath"
exit 0
