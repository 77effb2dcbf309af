@{
    Synopsis    = 'Lists the open model sessions; the last one opened is the default.'
    Description = @('Get-RearankSession shows each open session: model, options, load time, and the prompt and generated tokens it has processed so far.')
    Parameters  = @{ Default = 'Only the default session, the one Invoke-RearankRerank uses without -Session.' }
    Outputs     = @{ 'Rearank.Core.Reranking.IRerankSession' = 'The open sessions.' }
    Examples    = @(
        @{
            Title   = 'See how many tokens the default session has generated'
            Code    = '(Get-RearankSession -Default).GeneratedTokens'
            Remarks = 'The counters cover every Invoke-RearankRerank call served by the session.'
        }
        @{
            Title   = 'List every open session of this runspace'
            Code    = 'Get-RearankSession | Format-Table'
            Remarks = 'Local sessions show model, context, parallel windows and load time; remote ones show endpoints and failure counts.'
        }
    )
    Links       = @('Open-RearankSession', 'Close-RearankSession')
}
