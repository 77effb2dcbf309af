#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The README's demo: imports the example collection, indexes and searches it with BM25, writes a TREC run and a
    CSV, prints each query's top three and a table of trec_eval measures.
.DESCRIPTION
    Runs on nothing but the files in examples/data: builds a BM25 index of the documents (Anserini's analyzer and
    scoring), searches it for every query, writes the run as TREC and CSV files, and evaluates it as trec_eval does.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Rearank/Rearank.psd1'),
    [string] $OutputDirectory = (Join-Path $PSScriptRoot '../out/demo')
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$data = Join-Path $PSScriptRoot 'data'
New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null

$documents = @(Import-RearankDocument (Join-Path $data 'corpus.jsonl'))
$queries = @(Import-RearankQuery (Join-Path $data 'queries.jsonl'))
$judgments = @(Import-RearankQrels (Join-Path $data 'qrels/test.tsv'))
Write-Host ("Imported {0} documents, {1} queries, {2} judgments from {3}" -f $documents.Count, $queries.Count, $judgments.Count, $data)

# The first stage: a BM25 index with Anserini's analyzer and scoring, searched for every query.
$index = Join-Path $OutputDirectory 'index'
$documents | New-Bm25Index $index -Force | Out-Null
$hits = @($queries | Invoke-Bm25Search -Index $index -Top 10 -RunTag bm25)

$runPath = Join-Path $OutputDirectory 'run.bm25.txt'
$csvPath = Join-Path $OutputDirectory 'run.bm25.csv'
$hits | Export-TrecRun $runPath -Force -PassThru | Export-RankingCsv $csvPath -Force
Write-Host "Indexed $($documents.Count) documents in $index; wrote $runPath ($(@(Get-Content $runPath).Count) lines) and $csvPath"

# Read the run back, as trec_eval would, and set each query's top three against the judgments.
$grades = @{}
foreach ($j in $judgments) { $grades["$($j.QueryId)`t$($j.DocId)"] = $j.Relevance }
$summary = Import-TrecRun $runPath | Group-Object QueryId | ForEach-Object {
    $top = @($_.Group | Sort-Object Rank | Select-Object -First 3)
    $topGrades = @($top | ForEach-Object { $g = $grades["$($_.QueryId)`t$($_.DocId)"]; if ($null -eq $g) { '-' } else { $g } })
    [pscustomobject]@{
        QueryId        = $_.Name
        Query          = ($queries | Where-Object QueryId -EQ $_.Name).Text
        Top3           = ($top.DocId -join ' ')
        Grades         = ($topGrades -join ' ')
        RelevantInTop3 = @($topGrades | Where-Object { $_ -is [int] -and $_ -gt 0 }).Count
    }
}
$summary | Format-Table -AutoSize -Wrap | Out-String -Width 160 | Write-Host
$found = ($summary | Measure-Object RelevantInTop3 -Sum).Sum
Write-Host ("Relevant documents (grade 1-2) among the top 3 of {0} queries: {1} of {2}" -f $summary.Count, $found, (3 * $summary.Count))

# The same run measured as trec_eval would (ndcg uses the grades 0-2 as gains).
Write-Host ''
Write-Host 'Run quality (trec_eval measures, averaged over the 8 queries):'
Measure-RankingQuality -Run $runPath -Qrels (Join-Path $data 'qrels/test.tsv') -Metric ndcg_cut.10, map, P.3, recall.10, recip_rank |
    Format-Table Measure, @{ Label = 'Value'; Expression = { $_.Value.ToString('F4', [cultureinfo]::InvariantCulture) }; Align = 'Right' }, QueryCount |
    Out-String | Write-Host

# Reranking with REARANK's prompts and loop, through a real llama.cpp session. No model weights can be downloaded
# here, so the demo generates a tiny model with RANDOM weights: it exercises every part of the real code (GGUF
# loading, chat template, batched decoding, answer parsing, traces), but the order it produces is random. A random
# model never writes an answer by itself, so the demo opens the session with -ForceAnswer: the model's own text up
# to the last tokens of each window's budget, then an answer held to this window's ids. REARANK's default (no
# switch) decodes with no constraint at all; with a real REARANK GGUF (see the README), drop -ForceAnswer.
$modelPath = Join-Path $OutputDirectory 'random-tiny.gguf'
New-RearankTestModel $modelPath -Force | Out-Null
$session = Open-RearankSession $modelPath -ContextSize 16384 -MaxParallel 4 -ForceAnswer
$reranked = @($hits | Invoke-RearankRerank -Session $session -RunTag rearank-random -WindowSize 5 -Step 3 -MaxNewTokens 96 -TracePath (Join-Path $OutputDirectory 'traces.jsonl') -Force -WarningAction SilentlyContinue)
$rerankedPath = Join-Path $OutputDirectory 'run.rearank-random.txt'
$reranked | Export-TrecRun $rerankedPath -RunTag rearank-random -Force
Write-Host ''
Write-Host "Reranked $(@($reranked | Group-Object QueryId).Count) queries with a RANDOM test model ($($session.GeneratedTokens) tokens generated): $rerankedPath"
$first = $reranked | Where-Object QueryId -EQ 'q1'
Write-Host "Query q1, first window's output and answer (random model, so random text): "
$window = $first[0].Trace.Windows[0]
$start = ($window.RawOutput -replace '\s+', ' ')
Write-Host ("  window [{0},{1}) output: {2}..." -f $window.Start, $window.End, $start.Substring(0, [Math]::Min(60, $start.Length)))
Write-Host ("  answer guard: took over at token {0} ({1})" -f $window.AnswerGuard.EngagedAt, $window.AnswerGuard.Reason)
Write-Host ("  answer: {0}  permutation: {1}" -f $window.Answer, ($window.Permutation -join ','))
Compare-RankingRun -Baseline $runPath -Run $rerankedPath -Qrels (Join-Path $data 'qrels/test.tsv') -Metric nDCG@10 |
    Format-Table Measure, Queries, BaselineMean, RunMean, MeanDifference, Wins, Ties, Losses | Out-String | Write-Host
Write-Host '(A random model is expected to do worse than BM25; a real REARANK model does better.)'
$reportPath = Join-Path $OutputDirectory 'report.html'
@($hits) + @($reranked) | Export-RearankReport $reportPath -Qrels (Join-Path $data 'qrels/test.tsv') -Title 'Rearank demo: BM25 and a random-model rerank' -Force | Out-Null
Write-Host "Report with the per-query rankings and the model's reasoning: $reportPath"
Close-RearankSession $session
