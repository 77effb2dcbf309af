#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Writes the module's MAML help file from docs/help/<Cmdlet>.md and the cmdlets' own parameter metadata.
.DESCRIPTION
    The prose (synopsis, description, parameter texts, examples) lives in one markdown file per cmdlet, read by
    ConvertFrom-HelpMarkdown.ps1; syntax, types, positions, pipeline input and aliases come from the compiled
    cmdlet, so help never drifts from code.
    A cmdlet without a help source, an example, or a text for each of its parameters fails the build.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $HelpSource,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$module = Import-Module $ModulePath -PassThru -Force
$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

$ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

New-Item -ItemType Directory -Force -Path (Split-Path $OutputPath) | Out-Null
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$xml = [System.Xml.XmlWriter]::Create($OutputPath, $settings)

function Write-Element([string] $Prefix, [string] $Name, [string] $Text) {
    $xml.WriteStartElement($Prefix, $Name, $ns[$Prefix])
    if ($Text) { $xml.WriteString($Text) }
    $xml.WriteEndElement()
}

function Write-Paragraphs([string] $Prefix, [string] $Name, $Paragraphs) {
    $xml.WriteStartElement($Prefix, $Name, $ns[$Prefix])
    foreach ($p in @($Paragraphs)) { Write-Element maml para $p }
    $xml.WriteEndElement()
}

function Get-PipelineInput($Parameter) {
    $kinds = @()
    if ($Parameter.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($Parameter.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

# A parameter's default, read from a fresh instance of the cmdlet so help states what the code does. A default that is
# the machine's core count is said as such, not as the build machine's number.
function Get-DefaultText($Cmdlet, $Metadata) {
    if ($null -eq $Cmdlet) { return 'None' }
    $property = $Cmdlet.GetType().GetProperty($Metadata.Name)
    if ($null -eq $property) { return 'None' }
    $value = $property.GetValue($Cmdlet)
    if ($value -is [System.Management.Automation.SwitchParameter]) { return $value.IsPresent.ToString() }
    if ($null -eq $value) { return 'None' }
    if ($value -is [string]) { if ($value) { return $value } else { return 'None' } }
    if ($value -is [System.Collections.IEnumerable]) {
        $items = @($value | ForEach-Object { [System.Convert]::ToString($_, [cultureinfo]::InvariantCulture) })
        if ($items.Count) { return $items -join ', ' } else { return 'None' }
    }
    if ($value -is [int] -and $value -eq [Environment]::ProcessorCount -and $Metadata.Name -match 'Throttle|Thread') { return 'the number of cores ([Environment]::ProcessorCount)' }
    if ($value -is [int] -and $value -eq 0 -and $Metadata.ParameterType -eq [int]) { return '0' }
    [System.Convert]::ToString($value, [cultureinfo]::InvariantCulture)
}

function Write-Parameter($Parameter, $Metadata, [string] $Description, $Cmdlet) {
    $position = if ($Parameter.Position -ge 0) { [string]$Parameter.Position } else { 'named' }
    $xml.WriteStartElement('command', 'parameter', $ns.command)
    $xml.WriteAttributeString('required', $Parameter.IsMandatory.ToString().ToLowerInvariant())
    $xml.WriteAttributeString('variableLength', $Metadata.ParameterType.IsArray.ToString().ToLowerInvariant())
    $xml.WriteAttributeString('globbing', ($Metadata.Name -eq 'Path' -and $Metadata.ParameterType -eq [string[]]).ToString().ToLowerInvariant())
    $xml.WriteAttributeString('pipelineInput', (Get-PipelineInput $Parameter))
    $xml.WriteAttributeString('position', $position)
    $xml.WriteAttributeString('aliases', $(if ($Metadata.Aliases.Count) { $Metadata.Aliases -join ', ' } else { 'none' }))
    Write-Element maml name $Metadata.Name
    if ($Description) { Write-Paragraphs maml description $Description }
    if ($Metadata.SwitchParameter) {
        # Switches show no value in syntax.
    } else {
        $xml.WriteStartElement('command', 'parameterValue', $ns.command)
        $xml.WriteAttributeString('required', 'true')
        $xml.WriteAttributeString('variableLength', 'false')
        $xml.WriteString($Metadata.ParameterType.Name)
        $xml.WriteEndElement()
    }
    $xml.WriteStartElement('dev', 'type', $ns.dev)
    Write-Element maml name $Metadata.ParameterType.FullName
    $xml.WriteEndElement()
    if ($Description) { Write-Element dev defaultValue (Get-DefaultText $Cmdlet $Metadata) }
    $xml.WriteEndElement()
}

$xml.WriteStartDocument()
$xml.WriteStartElement('helpItems', 'http://msh')
$xml.WriteAttributeString('schema', 'maml')

foreach ($command in $module.ExportedCmdlets.Values | Sort-Object Name) {
    $sourceFile = Join-Path $HelpSource "$($command.Name).md"
    if (-not (Test-Path $sourceFile)) { throw "No help source for $($command.Name): expected $sourceFile." }
    $help = & (Join-Path $PSScriptRoot 'ConvertFrom-HelpMarkdown.ps1') -Path $sourceFile
    if ($help['Name'] -ne $command.Name) { throw "$sourceFile must start with '# $($command.Name)'." }
    if (-not $help.Examples) { throw "$sourceFile has no Examples; every cmdlet needs at least one." }
    $parameters = $command.Parameters.Values | Where-Object Name -NotIn $common
    $undocumented = $parameters | Where-Object { -not $help.Parameters.ContainsKey($_.Name) }
    if ($undocumented) { throw "$sourceFile does not describe parameter(s): $($undocumented.Name -join ', ')." }

    $xml.WriteStartElement('command', 'command', $ns.command)
    $xml.WriteAttributeString('xmlns', 'maml', $null, $ns.maml)
    $xml.WriteAttributeString('xmlns', 'dev', $null, $ns.dev)

    $xml.WriteStartElement('command', 'details', $ns.command)
    Write-Element command name $command.Name
    Write-Element command verb $command.Verb
    Write-Element command noun $command.Noun
    Write-Paragraphs maml description $help.Synopsis
    $xml.WriteEndElement()

    Write-Paragraphs maml description $help.Description

    $xml.WriteStartElement('command', 'syntax', $ns.command)
    foreach ($set in $command.ParameterSets) {
        $xml.WriteStartElement('command', 'syntaxItem', $ns.command)
        Write-Element maml name $command.Name
        foreach ($p in $set.Parameters | Where-Object Name -NotIn $common) {
            Write-Parameter $p $command.Parameters[$p.Name] $null
        }
        $xml.WriteEndElement()
    }
    $xml.WriteEndElement()

    $xml.WriteStartElement('command', 'parameters', $ns.command)
    $instance = [Activator]::CreateInstance($command.ImplementingType)
    foreach ($metadata in $parameters) {
        $first = ($command.ParameterSets.Parameters | Where-Object Name -EQ $metadata.Name | Select-Object -First 1)
        Write-Parameter $first $metadata $help.Parameters[$metadata.Name] $instance
    }
    $xml.WriteEndElement()

    foreach ($kind in @(@{ Key = 'Inputs'; List = 'inputTypes'; Item = 'inputType' }, @{ Key = 'Outputs'; List = 'returnValues'; Item = 'returnValue' })) {
        if (-not $help.ContainsKey($kind.Key)) { continue }
        $xml.WriteStartElement('command', $kind.List, $ns.command)
        foreach ($entry in $help[$kind.Key].GetEnumerator()) {
            $xml.WriteStartElement('command', $kind.Item, $ns.command)
            $xml.WriteStartElement('dev', 'type', $ns.dev)
            Write-Element maml name $entry.Key
            $xml.WriteEndElement()
            Write-Paragraphs maml description $entry.Value
            $xml.WriteEndElement()
        }
        $xml.WriteEndElement()
    }

    if ($help.ContainsKey('Notes')) {
        $xml.WriteStartElement('maml', 'alertSet', $ns.maml)
        $xml.WriteStartElement('maml', 'alert', $ns.maml)
        foreach ($p in @($help.Notes)) { Write-Element maml para $p }
        $xml.WriteEndElement()
        $xml.WriteEndElement()
    }

    $xml.WriteStartElement('command', 'examples', $ns.command)
    $index = 0
    foreach ($example in $help.Examples) {
        $index++
        $xml.WriteStartElement('command', 'example', $ns.command)
        Write-Element maml title "-------------------------- Example ${index}: $($example.Title) --------------------------"
        Write-Element dev code $example.Code
        Write-Paragraphs dev remarks $example.Remarks
        $xml.WriteEndElement()
    }
    $xml.WriteEndElement()

    if ($help.ContainsKey('Links')) {
        $xml.WriteStartElement('command', 'relatedLinks', $ns.command)
        foreach ($link in $help.Links) {
            $xml.WriteStartElement('maml', 'navigationLink', $ns.maml)
            Write-Element maml linkText $link
            Write-Element maml uri ''
            $xml.WriteEndElement()
        }
        $xml.WriteEndElement()
    }
    $xml.WriteEndElement()
}

$xml.WriteEndElement()
$xml.WriteEndDocument()
$xml.Close()
Write-Host "Help for $($module.ExportedCmdlets.Count) cmdlets written to $OutputPath"
