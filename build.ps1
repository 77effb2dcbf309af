#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests, demonstrates and measures the Rearank module.
.DESCRIPTION
    Run as `dotnet pwsh ./build.ps1 <task>` after `dotnet tool restore`.
      build  publish an importable module folder to ./out/Rearank (manifest, assemblies, help,
             the llama.cpp natives for this machine's runtime identifier)
      test   build, then run every test against that module; ends with 'N passed, N failed, N skipped'
      demo   build, then run examples/demo.ps1 on the embedded example data
      package  build, then write out/packages/<rid>/Rearank.<version>.nupkg, installable with
             Install-PSResource / Install-Module from a local repository (natives inside)
      gpu-pack  write out/gpu-check: the GPU check's self-contained runner, llama.cpp's source (from
             -LlamaCppSource, a checkout) and its data, under 64 MiB, for a GPU machine with no .NET and
             no network (bench/gpu/README.md)
      bench  build, then run the benchmarks (bench/) and print their figures (-Passages sets the
             synthetic corpus size of the BM25 benchmark; 1,000,000 by default). On the 2-core
             development VM the whole task takes about 25 minutes, most of it the reranking part.
             -LlamaCppTools <llama.cpp build/bin> adds the session beside llama-bench and
             llama-batched-bench (about 15 minutes more).
.PARAMETER Backend
    The LLamaSharp native backend the module ships: Cpu (default) or Cuda12. Cuda12 needs the
    LLamaSharp.Backend.Cuda12 package, which the default build never asks NuGet for.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'demo', 'bench', 'package', 'gpu-pack')]
    [string] $Task = 'build',

    [ValidateSet('Cpu', 'Cuda12')]
    [string] $Backend = 'Cpu',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # bench: size of the synthetic corpus for the BM25 benchmark.
    [ValidateRange(1000, 100000000)]
    [int] $Passages = 1000000,

    # gpu-pack: a llama.cpp checkout, ideally at the commit LLamaSharp binds (docs/gpu.md).
    [string] $LlamaCppSource,

    # bench: a folder with llama-bench and llama-batched-bench (llama.cpp's build/bin); the session is measured beside them.
    [string] $LlamaCppTools
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
if ([Console]::IsOutputRedirected) {
    # Logs (CI, files) get plain text, not ANSI colour codes; child pwsh processes inherit NO_COLOR.
    $PSStyle.OutputRendering = 'PlainText'
    $env:NO_COLOR = '1'
}
$root = $PSScriptRoot
$moduleDir = Join-Path $root 'out/Rearank'

function Invoke-Native {
    # Native commands do not honour $ErrorActionPreference for exit codes; fail loudly on any non-zero one.
    param([string] $Command, [string[]] $Arguments)
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-RuntimeIdentifier {
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $arch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant()
    "$os-$arch"
}

function Get-ModuleVersion {
    # Directory.Build.props is the one place the version lives; the manifest copy is stamped from it.
    ([xml](Get-Content (Join-Path $root 'Directory.Build.props') -Raw)).Project.PropertyGroup.Version |
        Where-Object { $_ } | Select-Object -First 1
}

function Invoke-Build {
    $rid = Get-RuntimeIdentifier
    Write-Host "Publishing the module for $rid ($Backend backend, $Configuration) to $moduleDir"
    if (Test-Path $moduleDir) { Remove-Item $moduleDir -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/Rearank.PowerShell/Rearank.PowerShell.csproj'),
        '-c', $Configuration, '-r', $rid, '--self-contained', 'false', '-o', $moduleDir,
        "-p:RearankBackend=$Backend", '-nologo', '-v', 'quiet')

    $manifest = Join-Path $moduleDir 'Rearank.psd1'
    $version = Get-ModuleVersion
    # What this build carries, in the package: platform and backend tags, and for every build but the default
    # (linux-x64, CPU) a prerelease label, so the CPU and CUDA builds, or two platforms, never share an id and version.
    $os, $arch = $rid -split '-', 2
    $platformTags = @(@{ linux = 'Linux'; win = 'Windows'; osx = 'MacOS' }[$os], $arch, $(if ($Backend -eq 'Cuda12') { 'CUDA12' } else { 'CPU' }))
    $prerelease = if ($rid -eq 'linux-x64' -and $Backend -eq 'Cpu') { '' } else { ($rid -replace '[^A-Za-z0-9]', '') + $Backend.ToLowerInvariant() }
    $text = (Get-Content $manifest -Raw) -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$version'"
    # Command tags, as the PowerShell Gallery derives them, so Find-PSResource -CommandName finds the module in any repository.
    $commands = (Import-PowerShellDataFile (Join-Path $root 'Rearank.psd1')).CmdletsToExport
    $commandTags = @('PSModule') + @($commands | ForEach-Object { "PSCmdlet_$_"; "PSCommand_$_" })
    $text = $text -replace "(Tags\s*=\s*@\()", "`$1$((@($platformTags) + $commandTags | ForEach-Object { "'$_'" }) -join ', '), "
    if ($prerelease) { $text = $text -replace "(ProjectUri\s*=)", "Prerelease   = '$prerelease'`n            `$1" }
    $text | Set-Content $manifest -NoNewline
    Copy-Item (Join-Path $root 'LICENSE') $moduleDir

    # Everything but the cmdlet assembly goes to Dependencies/, which the module loads into a load context of its own
    # (src/Rearank.PowerShell/Loading): another module's versions of the same libraries then break neither.
    $dependencies = New-Item -ItemType Directory -Path (Join-Path $moduleDir 'Dependencies')
    $kept = @('Rearank.psd1', 'Rearank.Loader.dll', 'Rearank.PowerShell.dll', 'Rearank.PowerShell.pdb', 'Rearank.Format.ps1xml', 'en-US', 'LICENSE', 'Dependencies')
    Get-ChildItem $moduleDir | Where-Object Name -NotIn $kept | Move-Item -Destination $dependencies

    # Without these the module imports but the first model call fails deep inside LLamaSharp.
    $natives = Join-Path $moduleDir "Dependencies/runtimes/$rid/native"
    if (-not (Get-ChildItem $natives -Recurse -Filter '*llama*' -ErrorAction SilentlyContinue)) {
        throw "The llama.cpp natives for $rid are missing under $natives."
    }

    # Help is generated in a child process so this session never loads the module's assemblies.
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'tools/Write-CmdletHelp.ps1'),
        '-ModulePath', $manifest, '-HelpSource', (Join-Path $root 'docs/help'),
        '-OutputPath', (Join-Path $moduleDir 'en-US/Rearank.PowerShell.dll-Help.xml'))
    Write-Host "Module $version ready: Import-Module $manifest"
}

function Invoke-Package {
    $rid = Get-RuntimeIdentifier
    $packages = Join-Path $root "out/packages/$rid"
    if (Test-Path $packages) { Remove-Item $packages -Recurse -Force }
    New-Item -ItemType Directory -Force -Path $packages | Out-Null
    # A repository registered for this call only, so nothing is left in the user's PSResourceGet settings.
    $repository = "RearankBuild$PID"
    Register-PSResourceRepository -Name $repository -Uri $packages -Trusted -Force
    try {
        Publish-PSResource -Path $moduleDir -Repository $repository
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
    }
    $package = Get-ChildItem $packages -Filter '*.nupkg' | Select-Object -First 1
    Write-Host "Package: $($package.FullName) ($([math]::Round($package.Length / 1MB, 1)) MB, $rid natives)"
}

function Invoke-Test {
    Invoke-Build
    Invoke-Package
    $results = Join-Path $root 'out/test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $env:REARANK_MODULE_PATH = $moduleDir
    & dotnet test (Join-Path $root 'Rearank.PowerShell.sln') -c $Configuration --nologo `
        --logger 'trx' --logger 'console;verbosity=normal' --results-directory $results
    $testExit = $LASTEXITCODE

    # CI reads a plain summary line; sum it from the trx files rather than trusting console text.
    $passed = 0; $failed = 0; $skipped = 0
    $failures = [System.Collections.Generic.List[string]]::new()
    foreach ($trx in Get-ChildItem $results -Filter '*.trx' -ErrorAction SilentlyContinue) {
        $run = ([xml](Get-Content -LiteralPath $trx.FullName -Raw)).TestRun
        $counters = $run.ResultSummary.Counters
        # CI keeps only the tail of the log: name each failure (and its message's first lines) next to the summary.
        foreach ($result in @($run.Results.UnitTestResult) | Where-Object { $_ -and $_.outcome -ne 'Passed' -and $_.outcome -ne 'NotExecuted' }) {
            $message = "$($result.Output.ErrorInfo.Message)".Trim() -split "`n" | Select-Object -First 6
            $failures.Add("FAILED $($result.testName)`n    $($message -join "`n    ")")
        }
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $skipped += [int]$counters.total - [int]$counters.executed   # xunit skips are counted as not executed
    }
    if ($testExit -ne 0 -and $failed -eq 0) { $failed = 1 }   # a crash before any result still counts as a failure
    Write-Host ''
    foreach ($failure in $failures) { Write-Host $failure }
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'examples/demo.ps1'),
        '-ModulePath', (Join-Path $moduleDir 'Rearank.psd1'))
}

function Invoke-Bench {
    Invoke-Build
    $shared = Join-Path $root '../shared/data'
    Invoke-Native dotnet @('run', '--project', (Join-Path $root 'bench/Rearank.Bench/Rearank.Bench.csproj'),
        '-c', 'Release', '--nologo', '--', '--shared', $shared)
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'bench/Measure-ImportCmdlets.ps1'),
        '-ModulePath', (Join-Path $moduleDir 'Rearank.psd1'), '-SharedData', $shared)
    Invoke-Native dotnet @('run', '--project', (Join-Path $root 'bench/Rearank.Bench/Rearank.Bench.csproj'),
        '-c', 'Release', '--nologo', '--', '--retrieval', '--shared', $shared, '--passages', $Passages)
    Invoke-Native dotnet @('run', '--project', (Join-Path $root 'bench/Rearank.Bench/Rearank.Bench.csproj'),
        '-c', 'Release', '--nologo', '--', '--rerank', '--shared', $shared, '--queries', '2')
    Invoke-Native dotnet @('run', '--project', (Join-Path $root 'bench/Rearank.Bench/Rearank.Bench.csproj'),
        '-c', 'Release', '--nologo', '--', '--real-shapes', '--with-7b', '--shared', $shared)
    Invoke-Native dotnet @('run', '--project', (Join-Path $root 'bench/Rearank.Bench/Rearank.Bench.csproj'),
        '-c', 'Release', '--nologo', '--', '--rerankers', '--shared', $shared, '--queries', '2', '--rounds', '1')
    if ($LlamaCppTools) {
        Invoke-Native dotnet @('run', '--project', (Join-Path $root 'bench/Rearank.Bench/Rearank.Bench.csproj'),
            '-c', 'Release', '--nologo', '--', '--llama-cpp-tools', (Resolve-Path $LlamaCppTools).Path, '--shared', $shared, '--rounds', '3')
    }
    Invoke-Native dotnet @('run', '--project', (Join-Path $root 'bench/Rearank.Bench/Rearank.Bench.csproj'),
        '-c', 'Release', '--nologo', '--', '--remote')
    Invoke-Native dotnet @('run', '--project', (Join-Path $root 'bench/Rearank.Bench/Rearank.Bench.csproj'),
        '-c', 'Release', '--nologo', '--', '--memory')
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'bench/Measure-ExportMemory.ps1'),
        '-ModulePath', (Join-Path $moduleDir 'Rearank.psd1'))
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'bench/Measure-FirstOutput.ps1'),
        '-ModulePath', (Join-Path $moduleDir 'Rearank.psd1'), '-SharedData', $shared)
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'bench/Measure-Evaluation.ps1'),
        '-ModulePath', (Join-Path $moduleDir 'Rearank.psd1'), '-BenchProject', (Join-Path $root 'bench/Rearank.Bench/Rearank.Bench.csproj'))
    # Every measure trec_eval has (-m all_trec) on the same files: the issue 24 goal is at most half trec_eval's time.
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'bench/Measure-Evaluation.ps1'),
        '-ModulePath', (Join-Path $moduleDir 'Rearank.psd1'), '-BenchProject', (Join-Path $root 'bench/Rearank.Bench/Rearank.Bench.csproj'),
        '-Metric', 'all_trec')
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'bench/Measure-FreshProcess.ps1'),
        '-ModulePath', (Join-Path $moduleDir 'Rearank.psd1'), '-SharedData', $shared)
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'bench/Measure-ColdStart.ps1'),
        '-ModulePath', (Join-Path $moduleDir 'Rearank.psd1'), '-BenchProject', (Join-Path $root 'bench/Rearank.Bench/Rearank.Bench.csproj'))
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'bench/Measure-Report.ps1'),
        '-ModulePath', (Join-Path $moduleDir 'Rearank.psd1'))
}

function Invoke-GpuPack {
    if (-not $LlamaCppSource -or -not (Test-Path (Join-Path $LlamaCppSource 'include/llama.h'))) {
        throw "gpu-pack needs -LlamaCppSource, a llama.cpp checkout (docs/gpu.md says which commit)."
    }
    $shared = Join-Path $root '../shared/data'
    $pack = Join-Path $root 'out/gpu-check'
    if (Test-Path $pack) { Remove-Item $pack -Recurse -Force }   # out/ is the build's own output, rewritten every time
    New-Item -ItemType Directory $pack | Out-Null
    # One compressed self-contained file without the CPU natives: the GPU machine builds its own from the source below.
    Invoke-Native dotnet @('publish', (Join-Path $root 'bench/Rearank.Bench/Rearank.Bench.csproj'), '-c', 'Release', '--nologo',
        '-r', 'linux-x64', '--self-contained', '-o', $pack, '-p:RearankGpuPack=true', '-p:PublishSingleFile=true',
        '-p:EnableCompressionInSingleFile=true', '-p:DebugType=none', '-p:GenerateDocumentationFile=false')
    # What building libllama needs (no tools, no models, no git history): about 2 MB compressed.
    Invoke-Native tar @('-cJf', (Join-Path $pack 'llama.cpp-source.tar.xz'), '-C', $LlamaCppSource,
        'CMakeLists.txt', 'LICENSE', 'cmake', 'ggml', 'src', 'include')
    Invoke-Native tar @('-cJf', (Join-Path $pack 'data.tar.xz'), '-C', $shared,
        'qwen2.5-tokenizer/tokenizer.json', 'dl19/retrieve_results_dl19_top100.json')
    Copy-Item (Join-Path $root 'bench/gpu/run.sh') $pack
    $commit = & git -C $LlamaCppSource rev-parse HEAD 2>$null
    Set-Content (Join-Path $pack 'LLAMA_CPP_COMMIT') ($commit ?? 'unknown (not a git checkout)')
    $bytes = (Get-ChildItem $pack -File | Measure-Object Length -Sum).Sum
    Write-Host ("Wrote {0} ({1:F1} MiB), llama.cpp at {2}." -f 'out/gpu-check', ($bytes / 1MB), ($commit ?? 'an unknown commit'))
    if ($bytes -gt 64MB) { throw "The pack is over 64 MiB; the GPU machine takes at most that." }
}

switch ($Task) {
    'build' { Invoke-Build }
    'test' { Invoke-Test }
    'demo' { Invoke-Demo }
    'bench' { Invoke-Bench }
    'package' { Invoke-Build; Invoke-Package }
    'gpu-pack' { Invoke-GpuPack }
}
