#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Reads one cmdlet's help source, docs/help/<Cmdlet>.md, into the table Write-CmdletHelp.ps1 turns into MAML.
.DESCRIPTION
    The markdown is platyPS-like: '# Cmdlet-Name', then '## SYNOPSIS', '## DESCRIPTION', '## PARAMETERS' (one
    '### -Name' each), '## INPUTS' and '## OUTPUTS' (one '### Type' each), '## EXAMPLES' (one '### Title' each, a
    fenced code block, then remarks), '## NOTES' and '## RELATED LINKS' ('- Name' lines). Paragraphs are separated
    by blank lines; lines within one are joined. Anything else stops the build with the file and line.
#>
[CmdletBinding()]
param([Parameter(Mandatory)] [string] $Path)

$ErrorActionPreference = 'Stop'
$sections = @{ 'SYNOPSIS' = 'Synopsis'; 'DESCRIPTION' = 'Description'; 'PARAMETERS' = 'Parameters'; 'INPUTS' = 'Inputs'; 'OUTPUTS' = 'Outputs'; 'EXAMPLES' = 'Examples'; 'NOTES' = 'Notes'; 'RELATED LINKS' = 'Links' }
$help = @{ Parameters = @{}; Examples = [System.Collections.Generic.List[hashtable]]::new() }
$section = $null; $item = $null; $paragraphs = $null; $current = [System.Collections.Generic.List[string]]::new()
$code = $null; $lineNumber = 0

function Fail([string] $what) { throw "${Path}:${lineNumber}: $what" }

# Ends the paragraph being read and stores it where the current section and item say.
function Close-Paragraph {
    if ($current.Count -eq 0) { return }
    $text = ($current -join ' ').Trim()
    $current.Clear()
    if ($null -eq $section) { Fail 'text before the first ## section' }
    switch ($section) {
        'Links' { Fail "related links are '- Name' lines" }
        { $_ -in 'Synopsis', 'Description', 'Notes' } { $script:help[$section] = @($script:help[$section] | Where-Object { $_ }) + $text }
        default {
            if ($null -eq $item) { Fail "text in $section before its first ### heading" }
            $item.Text = @($item.Text | Where-Object { $_ }) + $text
        }
    }
}

function Close-Item {
    Close-Paragraph
    if ($null -eq $item) { return }
    switch ($section) {
        'Parameters' { $help.Parameters[$item.Name] = ($item.Text -join "`n`n") }
        'Examples' {
            if (-not $item.Code) { Fail "example '$($item.Name)' has no code block" }
            $help.Examples.Add(@{ Title = $item.Name; Code = $item.Code; Remarks = @($item.Text | Where-Object { $_ }) })
        }
        default {
            if (-not $help.ContainsKey($section)) { $help[$section] = [ordered]@{} }
            $help[$section][$item.Name] = ($item.Text -join "`n`n")
        }
    }
    $script:item = $null
}

foreach ($line in [System.IO.File]::ReadLines($Path)) {
    $lineNumber++
    if ($null -ne $code) {
        if ($line -match '^```\s*$') { $item.Code = ($code -join "`n"); $code = $null } else { $code.Add($line) }
        continue
    }
    if ($line -match '^# (\S+)\s*$') { $help.Name = $Matches[1]; continue }
    if ($line -match '^## (.+?)\s*$') {
        Close-Item
        if (-not $sections.ContainsKey($Matches[1])) { Fail "unknown section '## $($Matches[1])'; expected one of: $($sections.Keys -join ', ')" }
        $section = $sections[$Matches[1]]
        continue
    }
    if ($line -match '^### (.+?)\s*$') {
        Close-Item
        if ($section -notin 'Parameters', 'Inputs', 'Outputs', 'Examples') { Fail "### headings belong in PARAMETERS, INPUTS, OUTPUTS or EXAMPLES, not $section" }
        $name = $Matches[1]
        if ($section -eq 'Parameters') {
            if ($name -notmatch '^-(\w+)$') { Fail "a parameter heading is '### -Name', not '### $name'" }
            $name = $Matches[1]
        }
        $item = @{ Name = $name; Text = @(); Code = $null }
        continue
    }
    if ($line -match '^```') {
        if ($section -ne 'Examples' -or $null -eq $item) { Fail 'code blocks belong in an example' }
        Close-Paragraph
        $code = [System.Collections.Generic.List[string]]::new()
        continue
    }
    if ($section -eq 'Links' -and $line -match '^- (.+?)\s*$') { $help.Links = @($help['Links'] | Where-Object { $_ }) + $Matches[1]; continue }
    if ($line.Trim() -eq '') { Close-Paragraph; continue }
    $current.Add($line.Trim())
}
if ($null -ne $code) { Fail 'a code block is not closed' }
Close-Item
if ($help.ContainsKey('Synopsis')) { $help.Synopsis = $help.Synopsis -join ' ' }
$help
