#!/usr/bin/env pwsh
# Time to first output of live pipelines against the time of the whole run: results must flow on as they are ready.
# SciFact from ../shared/data: BM25 over 5,183 documents for its 1,109 queries, then a rerank of the first 20 queries
# with a scripted test model (real llama.cpp decoding, always the same short answer).
param([string] $ModulePath = (Join-Path $PSScriptRoot '../out/Rearank/Rearank.psd1'), [string] $SharedData = (Join-Path $PSScriptRoot '../../shared/data'))
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$scratch = Join-Path ([IO.Path]::GetTempPath()) "rearank-first-output-$PID"
try {
    $index = Join-Path $scratch 'scifact'
    New-Bm25Index $index -CorpusPath (Join-Path $SharedData 'scifact/corpus.jsonl') | Out-Null
    $queries = @(Import-RearankQuery (Join-Path $SharedData 'scifact/queries.jsonl'))
    function Time([scriptblock] $block) { $clock = [Diagnostics.Stopwatch]::StartNew(); & $block | Out-Null; $clock.Elapsed.TotalSeconds }
    Time { $queries | Invoke-Bm25Search -Index $index -Top 100 | Select-Object -First 1 } | Out-Null   # warm-up
    $firstSearch = Time { $queries | Invoke-Bm25Search -Index $index -Top 100 | Select-Object -First 1 }
    $allSearch = Time { $queries | Invoke-Bm25Search -Index $index -Top 100 }
    $model = Join-Path $scratch 'scripted.gguf'
    New-RearankTestModel $model -Reply '<think>', 'Second.', '</think>', "`n<answer>", '[2] >', ' [1]', '</answer>' | Out-Null
    $session = Open-RearankSession $model -ContextSize 16384 -MaxParallel 4
    $twenty = $queries | Select-Object -First 20
    $firstRerank = Time { $twenty | Invoke-Bm25Search -Index $index -Top 20 | Invoke-RearankRerank -Session $session -WarningAction SilentlyContinue | Select-Object -First 1 }
    $allRerank = Time { $twenty | Invoke-Bm25Search -Index $index -Top 20 | Invoke-RearankRerank -Session $session -WarningAction SilentlyContinue }
    Close-RearankSession $session
    $single = Open-RearankSession $model -ContextSize 16384 -MaxParallel 1
    $firstSingle = Time { $twenty | Invoke-Bm25Search -Index $index -Top 20 | Invoke-RearankRerank -Session $single -MaxConcurrentQueries 1 -WarningAction SilentlyContinue | Select-Object -First 1 }
    $allSingle = Time { $twenty | Invoke-Bm25Search -Index $index -Top 20 | Invoke-RearankRerank -Session $single -MaxConcurrentQueries 1 -WarningAction SilentlyContinue }
    Close-RearankSession $single
    '| pipeline | first output | whole run | first / whole |'
    '|---|---:|---:|---:|'
    '| `Invoke-Bm25Search -Top 100`, 1,109 queries | {0:F3} s | {1:F2} s | {2:P1} |' -f $firstSearch, $allSearch, ($firstSearch / $allSearch)
    '| `Invoke-Bm25Search -Top 20 \| Invoke-RearankRerank`, 20 queries, 4 windows decoded together | {0:F2} s | {1:F2} s | {2:P1} |' -f $firstRerank, $allRerank, ($firstRerank / $allRerank)
    '| the same, one window at a time (`-MaxParallel 1 -MaxConcurrentQueries 1`) | {0:F2} s | {1:F2} s | {2:P1} |' -f $firstSingle, $allSingle, ($firstSingle / $allSingle)
}
finally {
    Remove-Item $scratch -Recurse -Force -ErrorAction SilentlyContinue
}
