@{
    Synopsis    = 'Closes a model session and frees its model and context memory.'
    Description = @('Close-RearankSession stops the session''s decode loop and releases the weights. Without -Session it closes the default session; the session opened before it becomes the default.')
    Parameters  = @{ Session = 'The session to close, or its description (tab completes; wildcards allowed); the default one when omitted.' }
    Inputs      = @{ 'Rearank.Core.Reranking.IRerankSession' = 'Sessions from Get-RearankSession.' }
    Examples    = @(
        @{
            Title   = 'Close every open session'
            Code    = 'Get-RearankSession | Close-RearankSession'
            Remarks = 'Frees all model memory held by this PowerShell process.'
        }
        @{
            Title   = 'Close one session and keep the others'
            Code    = '$s = Open-RearankSession ./out/tiny.gguf; Close-RearankSession $s'
            Remarks = 'The session opened before it becomes the default again.'
        }
    )
    Links       = @('Open-RearankSession', 'Get-RearankSession')
}
