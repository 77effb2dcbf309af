# Module manifest for Rearank. ModuleVersion is stamped from Directory.Build.props by build.ps1 when it publishes.
@{
    RootModule           = 'Rearank.PowerShell.dll'
    # Imported before the root module: it loads the module's libraries into a load context of their own.
    NestedModules        = @('Rearank.Loader.dll')
    ModuleVersion        = '0.0.0'
    GUID                 = '5b1f7c1e-8a53-4f0e-9d38-0b6f2f8d41a7'
    Author               = 'Rearank.PowerShell contributors'
    CompanyName          = 'Rearank.PowerShell'
    Copyright            = '(c) Rearank.PowerShell contributors. MIT License.'
    Description          = 'Retrieve with BM25, rerank with REARANK (a listwise reasoning reranker on llama.cpp), measure like trec_eval, and read and write the file formats of IR research, from PowerShell pipelines.'
    PowerShellVersion    = '7.6'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('Rearank.Format.ps1xml')
    CmdletsToExport      = @(
        'Import-RearankDocument'
        'Import-RearankQuery'
        'Import-RearankQrels'
        'Import-TrecRun'
        'Import-RearankCandidate'
        'Export-TrecRun'
        'Export-RankingCsv'
        'Measure-RankingQuality'
        'Compare-RankingRun'
        'Export-RankingTable'
        'Merge-RankingRun'
        'Get-RankingRunStatistics'
        'New-Bm25Index'
        'Get-Bm25Index'
        'Invoke-Bm25Search'
        'Open-RearankSession'
        'Get-RearankSession'
        'Close-RearankSession'
        'Invoke-RearankRerank'
        'Invoke-RearankEvaluation'
        'New-RearankTestModel'
        'Measure-RearankReward'
        'Export-RearankTrainingSet'
        'Invoke-RearankRollout'
        'Export-RearankReport'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            # build.ps1 adds the platform and backend tags (Linux/Windows/MacOS, x64/arm64, CPU/CUDA12) and, for any build
            # but linux-x64 CPU, a prerelease label naming them, so two builds never publish as the same id and version.
            # Publish-PSResource adds the PSCommand_ tags that Find-PSResource -CommandName searches.
            Tags         = @('InformationRetrieval', 'Reranking', 'BM25', 'TREC', 'LLM', 'trec_eval', 'REARANK', 'PSEdition_Core')
            ProjectUri   = 'https://github.com/rearank/Rearank.PowerShell'
            LicenseUri   = 'https://github.com/rearank/Rearank.PowerShell/blob/main/LICENSE'
            ReleaseNotes = 'REARANK decoding by default with an opt-in answer guard; unattended runs that never crash, hang or lose data; REARANK''s evaluation suites (standard, BRIGHT); literal paths, one overwrite rule, progress with time left, results as they are ready; ir_measures names, Judged@k, run fusion (Merge-RankingRun), run and qrels statistics (Get-RankingRunStatistics), a report with provenance, per-measure charts, a sortable per-query table and passages; faster one-shot evaluation and deep BM25 runs (-OutFile).'
        }
    }
}
