#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The README's demo: imports the example collection, ranks it, writes a TREC run and a CSV, prints each query's
    top three and a table of trec_eval measures.
.DESCRIPTION
    Runs on nothing but the files in examples/data. The first stage here is a plain query-term overlap count,
    computed live in PowerShell, so the demo needs no index; the run it writes is a real run that trec_eval reads.
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

# A lexical first stage small enough to read: score = how many distinct query words a document contains.
$stopWords = 'a an and are as at be by does do for from how in is it of on or that the this to what when which why with' -split ' '
function Get-Words([string] $text) {
    @(($text.ToLowerInvariant() -split '[^\p{L}\p{N}]+') | Where-Object { $_.Length -gt 1 -and $_ -notin $stopWords } | Select-Object -Unique)
}
$documentWords = @{}
foreach ($d in $documents) { $documentWords[$d.DocId] = [System.Collections.Generic.HashSet[string]]::new([string[]](Get-Words "$($d.Title) $($d.Text)")) }

$hits = foreach ($q in $queries) {
    $words = Get-Words $q.Text
    $documents |
        ForEach-Object {
            $inDocument = $documentWords[$_.DocId]
            $matched = @($words | Where-Object { $inDocument.Contains($_) }).Count
            [pscustomobject]@{ QueryId = $q.QueryId; DocId = $_.DocId; Score = $matched; QueryText = $q.Text; Title = $_.Title; Text = $_.Text }
        } |
        Where-Object Score -gt 0 |
        Sort-Object @{ Expression = 'Score'; Descending = $true }, DocId |
        Select-Object -First 10
}

$runPath = Join-Path $OutputDirectory 'run.overlap.txt'
$csvPath = Join-Path $OutputDirectory 'run.overlap.csv'
$hits | Export-TrecRun $runPath -RunTag overlap -Force
$hits | Export-RankingCsv $csvPath -Force
Write-Host "Wrote $runPath ($(@(Get-Content $runPath).Count) lines) and $csvPath"

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
