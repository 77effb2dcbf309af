#!/usr/bin/env pwsh
# Peak working set of `Import-TrecRun | Export-TrecRun` in a fresh pwsh per size, against the number of queries:
# the export keeps state for the last 1,024 queries only, so the figures must stay flat.
param([string] $ModulePath = (Join-Path $PSScriptRoot '../out/Rearank/Rearank.psd1'), [int[]] $Queries = @(300000, 1000000, 3000000))
$ErrorActionPreference = 'Stop'
$scratch = Join-Path ([IO.Path]::GetTempPath()) "rearank-export-memory-$PID"
New-Item -ItemType Directory $scratch -Force | Out-Null
try {
    '| queries (1 hit each) | file size | peak working set of pwsh |'
    '|---:|---:|---:|'
    foreach ($count in $Queries) {
        $run = Join-Path $scratch "run-$count.trec"
        $writer = [IO.StreamWriter]::new($run)
        for ($q = 0; $q -lt $count; $q++) { $writer.Write("q$q Q0 d$q 1 1.5 bm25`n") }
        $writer.Dispose()
        $peak = & (Join-Path $PSHOME 'pwsh') -NoProfile -Command "Import-Module '$ModulePath'; Import-TrecRun '$run' | Export-TrecRun '$scratch/out.trec' -Force; [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64"
        '| {0:N0} | {1:N0} MB | {2:N0} MB |' -f $count, ((Get-Item $run).Length / 1e6), ([long]$peak / 1e6)
        Remove-Item $run
    }
}
finally {
    Remove-Item $scratch -Recurse -Force
}
