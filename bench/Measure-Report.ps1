#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The report at the size the issue names: 1,000 queries x 100 hits, two runs, a trace with reasoning for every
    reranked query. Measures writing it, its size, and how long headless Chromium takes to load it and run its script.
.DESCRIPTION
    The hits and traces are synthetic (random judgments, 9 windows of ~1,500 characters of reasoning per query, as
    a window of 20 with step 10 over 100 candidates gives), so the measurement needs no model and no data set.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Queries = 1000,
    [int] $Depth = 100
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$work = Join-Path ([IO.Path]::GetTempPath()) "rearank-report-bench-$PID"
New-Item -ItemType Directory -Force $work | Out-Null
try {
    $random = [Random]::new(7)
    $thought = 'The query asks about a specific property of the subject; passage [3] states it directly, while [1] only mentions the topic in passing. ' * 11
    $hits = [Collections.Generic.List[object]]::new()
    $qrels = [Text.StringBuilder]::new()
    foreach ($q in 1..$Queries) {
        $windows = foreach ($start in 80, 70, 60, 50, 40, 30, 20, 10, 0) {
            [Rearank.Core.Model.WindowTrace]::new($start, $start + 20, [string[]] @(1..20 | ForEach-Object { "d$q-$($start + $_)" }), $thought,
                '[3] > [1] > [2]', [int[]] @(0..19), $true, $true, 2400, 600, 1.5, [Rearank.Core.Model.WindowStop]::EndOfTurn, $thought)
        }
        $trace = [Rearank.Core.Model.RerankTrace]::new("q$q", "query $q", 'bench', 'rearank', 20, 10, $Depth, [Rearank.Core.Model.WindowTrace[]] $windows)
        foreach ($r in 1..$Depth) {
            $hits.Add([Rearank.Core.Model.RankedHit]@{ QueryId = "q$q"; QueryText = "query $q"; DocId = "d$q-$r"; Rank = $r; Score = -$r; RunTag = 'bm25'; Text = "passage $r of query $q" })
            if ($random.Next(10) -eq 0) { [void]$qrels.Append("q$q 0 d$q-$r $($random.Next(1, 3))`n") }
        }
        $order = 1..$Depth | Sort-Object { $random.Next() }
        $rank = 0
        foreach ($r in $order) {
            $rank++
            $hits.Add([Rearank.Core.Model.RankedHit]@{ QueryId = "q$q"; QueryText = "query $q"; DocId = "d$q-$r"; Rank = $rank; Score = -$rank; RunTag = 'rearank'; OriginalRank = $r; Text = "passage $r of query $q"; Trace = $trace })
        }
    }
    $qrelsPath = Join-Path $work 'qrels.txt'
    [IO.File]::WriteAllText($qrelsPath, $qrels.ToString())
    $report = Join-Path $work 'report.html'
    $write = Measure-Command { $hits | Export-RearankReport $report -Qrels $qrelsPath | Out-Null }
    $size = (Get-Item $report).Length / 1MB
    "Export-RearankReport, $Queries queries x $Depth hits x 2 runs with traces: {0:F1} s, {1:F1} MB" -f $write.TotalSeconds, $size

    $chromium = @('chromium', 'chromium-browser', 'google-chrome') | ForEach-Object { Get-Command $_ -ErrorAction Ignore } | Select-Object -First 1
    if (-not $chromium) { 'Chromium not found: the load time is not measured.'; return }
    $uri = [Uri]::new($report).AbsoluteUri
    # A screenshot is load, style, layout and first paint: what a reader waits for.
    $shot = Join-Path $work 'shot.png'
    $load = Measure-Command { & $chromium.Source --headless --no-sandbox --disable-gpu "--screenshot=$shot" --window-size=1280,1600 $uri 2>$null | Out-Null }
    $blank = Join-Path $work 'blank.html'
    [IO.File]::WriteAllText($blank, '<html><body>x</body></html>')
    $empty = Measure-Command { & $chromium.Source --headless --no-sandbox --disable-gpu "--screenshot=$shot" --window-size=1280,1600 ([Uri]::new($blank).AbsoluteUri) 2>$null | Out-Null }
    "Chromium start, load, first paint and screenshot: {0:F1} s (an empty page: {1:F1} s; ratio {2:F1}x)" -f $load.TotalSeconds, $empty.TotalSeconds, ($load.TotalSeconds / $empty.TotalSeconds)
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction Ignore
}
