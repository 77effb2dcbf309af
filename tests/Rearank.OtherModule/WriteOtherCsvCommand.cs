using System.Globalization;
using System.Management.Automation;
using CsvHelper;

namespace Rearank.OtherModule;

/// <summary>Writes two rows with CsvHelper 33's writer (new CsvWriter(TextWriter, CultureInfo), gone in 34) and returns the text.</summary>
[Cmdlet(VerbsCommunications.Write, "OtherCsv")]
[OutputType(typeof(string))]
public sealed class WriteOtherCsvCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            csv.WriteRecords(new[] { new Row("a", 1), new Row("b", 2) });
        }
        WriteObject($"{typeof(CsvWriter).Assembly.GetName().Version}|{text.ToString().Trim()}");
    }

    public sealed record Row(string Name, int Value);
}
