#!/usr/bin/env pwsh
<#
.SYNOPSIS
    A scheduled evaluation (cron, CI): REARANK's suite command on each dataset, measured, appended to a CSV history,
    compared with the previous run, reported as HTML; exits 1 when a measure drops significantly.
.DESCRIPTION
    Each run calls Invoke-RearankEvaluation (REARANK's defaults: BM25 top 100, windows of 20, step 10) for -Dataset
    under -Root, with a session from -ModelPath (a GGUF) or -Endpoint and -Model (servers). -Suite local (the default)
    takes any folder in a layout of the standard suite (a BEIR folder, candidates with qrels, a run with its corpus);
    -Suite standard or bright takes REARANK's own datasets. For each dataset it evaluates -Metric on the reranked run,
    appends one history row per dataset and measure (timestamp, run id, dataset, measure, value, settings, run file),
    compares the run with the previous run of the same dataset in the history (or with -BaselineRun) using
    Compare-RankingRun, writes a report, and exits 1 when any measure got worse with a corrected randomization
    p-value below -Alpha. A run whose servers cannot be reached, or that reranks nothing, exits non-zero too.
.EXAMPLE
    ./examples/Invoke-ScheduledEvaluation.ps1 -ModelPath ./models/Rearank-7B-Q4_K_M.gguf -OutputDirectory /srv/evals
.EXAMPLE
    ./examples/Invoke-ScheduledEvaluation.ps1 -Endpoint http://gpu1:8000/v1 -Model le723z/Rearank-7B -Suite standard -Root /data/rearank -Dataset dl19, dl20
#>
[CmdletBinding(DefaultParameterSetName = 'Local')]
param(
    [Parameter(ParameterSetName = 'Local')] [string] $ModelPath,
    [Parameter(Mandatory, ParameterSetName = 'Remote')] [uri[]] $Endpoint,
    [Parameter(Mandatory, ParameterSetName = 'Remote')] [string] $Model,
    [ValidateSet('local', 'standard', 'bright')] [string] $Suite = 'local',
    [string] $Root = $PSScriptRoot,
    [string[]] $Dataset = @('data'),
    [string] $OutputDirectory = (Join-Path $PSScriptRoot '../out/scheduled'),
    [string[]] $Metric = @('ndcg_cut.10', 'map'),
    [int] $Depth = 100,
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
$settings = "model=$(if ($Endpoint) { "$Model@$($Endpoint -join ';')" } else { Split-Path $ModelPath -Leaf });suite=$Suite;depth=$Depth;window=$WindowSize;step=$Step;maxnew=$MaxNewTokens"
# A short, git-like id for this run: what ran, and when.
$runId = -join ([Security.Cryptography.SHA1]::HashData([Text.Encoding]::UTF8.GetBytes("$settings|$($timestamp.ToString('o'))")) | Select-Object -First 4 | ForEach-Object { $_.ToString('x2') })
$runDirectory = Join-Path $OutputDirectory $runId
New-Item -ItemType Directory -Force -Path $runDirectory | Out-Null
$history = if (Test-Path $historyPath) { @(Import-Csv $historyPath) } else { @() }

$session = if ($Endpoint) { Open-RearankSession -Endpoint $Endpoint -Model $Model } else { Open-RearankSession $ModelPath -ContextSize $ContextSize -ForceAnswer:$ForceAnswer }
$regressions = @()
try {
    # A query that fails is reported and kept in first-stage order; only a run that cannot go on (servers
    # unreachable, nothing reranked) stops the job, with a non-zero exit.
    $results = @(Invoke-RearankEvaluation -Suite $Suite -Root $Root -Dataset $Dataset -OutputDirectory $runDirectory -Session $session `
        -IndexDirectory (Join-Path $OutputDirectory 'indexes') `
        -Depth $Depth -WindowSize $WindowSize -Step $Step -MaxNewTokens $MaxNewTokens -WarningAction SilentlyContinue -ErrorAction Continue)
    $results | Format-Table | Out-String | Write-Host
    foreach ($result in $results) {
        $set = @{ Name = $result.Dataset; Qrels = Join-Path $result.Folder 'qrels.txt' }
        $runFile = Join-Path $result.Folder 'run.rearank.trec'
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
