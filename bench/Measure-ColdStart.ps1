#!/usr/bin/env pwsh
<#
.SYNOPSIS
    What a scheduled job pays for one evaluation: a fresh pwsh that imports the module and evaluates a 1M-line run
    (1,000 queries x 1,000 documents, 100,000 judgments; ndcg_cut.10, map, recall.100), against trec_eval's whole run
    on the same files. Interleaved rounds; medians; the module's share is the fresh process minus pwsh's own start-up.
.DESCRIPTION
    pwsh is the installed one when it is on PATH, else the dotnet tool's pwsh.dll started by dotnet itself (what
    `dotnet pwsh` resolves to, without the tool shim's own start-up). trec_eval is $env:TREC_EVAL or on PATH; without
    it the comparison is skipped and said so.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $BenchProject,
    [int] $Rounds = 7
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$scratch = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "rearank-cold-bench-$PID")
try {
    $run, $qrels = & dotnet run --project $BenchProject -c Release --no-build -- --write-evaluation-data $scratch
    if ($LASTEXITCODE -ne 0) { throw 'The data generator failed.' }
    # pwsh puts its own folder on PATH: an installed pwsh is one found outside it.
    $installed = Get-Command pwsh -CommandType Application -ErrorAction Ignore | Where-Object { -not $_.Source.StartsWith($PSHOME) } | Select-Object -First 1
    $pwsh = @(if ($installed) { $installed.Source } else { (Get-Command dotnet).Source; Join-Path $PSHOME 'pwsh.dll' })
    $trecEval = if ($env:TREC_EVAL) { $env:TREC_EVAL } else { (Get-Command trec_eval -CommandType Application -ErrorAction Ignore | Select-Object -First 1).Source }

    $evaluate = "Import-Module '$ModulePath'; Measure-RankingQuality -Run '$run' -Qrels '$qrels' -Metric ndcg_cut.10, map, recall.100 | Out-Null"
    $commands = [ordered]@{
        'pwsh start-up (-Command $null)'            = $pwsh + @('-NoProfile', '-NonInteractive', '-Command', '$null')
        'pwsh + Import-Module'                      = $pwsh + @('-NoProfile', '-NonInteractive', '-Command', "Import-Module '$ModulePath'")
        'pwsh + Import-Module + Measure-RankingQuality' = $pwsh + @('-NoProfile', '-NonInteractive', '-Command', $evaluate)
    }
    if ($trecEval) { $commands['trec_eval -m ndcg_cut.10 -m map -m recall.100'] = @($trecEval, '-m', 'ndcg_cut.10', '-m', 'map', '-m', 'recall.100', $qrels, $run) }

    function Invoke-Timed([string[]] $command) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $null = & $command[0] @($command | Select-Object -Skip 1)
        if ($LASTEXITCODE -ne 0) { throw "'$($command -join ' ')' failed with exit code $LASTEXITCODE." }
        $clock.Elapsed.TotalSeconds
    }
    $times = @{}
    foreach ($name in $commands.Keys) { $times[$name] = [Collections.Generic.List[double]]::new(); $null = Invoke-Timed $commands[$name] }   # warm the page cache
    foreach ($round in 1..$Rounds) { foreach ($name in $commands.Keys) { $times[$name].Add((Invoke-Timed $commands[$name])) } }
    $median = @{}
    foreach ($name in $commands.Keys) { $sorted = $times[$name] | Sort-Object; $median[$name] = $sorted[[int][math]::Floor($sorted.Count / 2)] }

    "pwsh: $($pwsh -join ' ')"
    '| command | median s | rounds |'
    '|---|---:|---|'
    foreach ($name in $commands.Keys) { '| {0} | {1:F3} | {2} |' -f $name, $median[$name], (($times[$name] | ForEach-Object { $_.ToString('F2') }) -join ', ') }
    $startup = $median['pwsh start-up (-Command $null)']
    $import = $median['pwsh + Import-Module'] - $startup
    $added = $median['pwsh + Import-Module + Measure-RankingQuality'] - $startup
    ''
    'Import-Module alone: {0:F3} s; import plus the first call: {1:F3} s over pwsh''s start-up.' -f $import, $added
    if ($trecEval) {
        $reference = $median['trec_eval -m ndcg_cut.10 -m map -m recall.100']
        'Module''s share ÷ trec_eval''s whole run: {0:F2}x (goal: at most 0.6x). Whole fresh pwsh ÷ trec_eval: {1:F2}x.' -f ($added / $reference), ($median['pwsh + Import-Module + Measure-RankingQuality'] / $reference)
    }
    else { 'trec_eval not found ($env:TREC_EVAL or PATH): no comparison.' }
}
finally {
    Remove-Item $scratch -Recurse -Force
}
