@{
    Synopsis    = 'Shows how a BM25 index was built: analyzer, k1 and b, documents, terms, fields, corpus files and size.'
    Description = @(
        'Get-Bm25Index reads the rearank-index.json that New-Bm25Index writes beside every index and adds the index''s size on disk. A folder that is not an index is reported as an ObjectNotFound error.'
    )
    Parameters  = @{
        Path = 'Index folders; FullName from Get-ChildItem binds by property name.'
    }
    Inputs      = @{ 'System.String' = 'Index folders.' }
    Outputs     = @{ 'Rearank.Core.Retrieval.Bm25IndexInfo' = 'The settings of each index, with SizeOnDiskMB added.' }
    Examples    = @(
        @{
            Title   = 'Check the analyzer and counts of an index'
            Code    = 'Get-Bm25Index ./out/example-index | Format-List'
            Remarks = 'Lists the analyzer, BM25 parameters, document and term counts, searchable fields, corpus files and size.'
        }
        @{
            Title   = 'Compare the sizes of several indexes'
            Code    = 'Get-ChildItem ./idx -Directory | Get-Bm25Index | Sort-Object DocumentCount | Format-Table Path, DocumentCount, TotalTerms, SizeOnDiskMB'
            Remarks = 'FullName from Get-ChildItem binds to -Path; a folder that is not an index is reported and skipped.'
        }
    )
    Links       = @('New-Bm25Index', 'Invoke-Bm25Search')
}
