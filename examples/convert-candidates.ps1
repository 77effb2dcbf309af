#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Turns a RankGPT / rank_llm candidate file into a TREC run (for trec_eval) and a CSV of the top hits (for reading).
.EXAMPLE
    ./examples/convert-candidates.ps1 ../shared/data/dl19/retrieve_results_dl19_top100.json -OutputDirectory out/dl19
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $CandidatePath,
    [string] $OutputDirectory = './out/candidates',
    [string] $RunTag = 'bm25',
    [int] $CsvDepth = 10,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Rearank/Rearank.psd1')
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null
$name = [IO.Path]::GetFileNameWithoutExtension($CandidatePath)
$run = Join-Path $OutputDirectory "$name.trec"
$csv = Join-Path $OutputDirectory "$name.top$CsvDepth.csv"

# One pass over the file: every hit goes to the run, the first $CsvDepth of each query also to the CSV.
Import-RearankCandidate $CandidatePath |
    Export-TrecRun $run -RunTag $RunTag -Force -PassThru |
    Where-Object Rank -le $CsvDepth |
    Export-RankingCsv $csv -Force

$queries = @(Import-TrecRun $run | Group-Object QueryId)
"{0}: {1} queries, {2} hits -> {3}, {4}" -f $CandidatePath, $queries.Count, ($queries | Measure-Object Count -Sum).Sum, $run, $csv
