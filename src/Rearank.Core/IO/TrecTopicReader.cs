using System.Text;
using System.Text.RegularExpressions;
using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>
/// Reads TREC SGML topics. The tags are not closed (except &lt;/top&gt;) and a field runs until the next tag,
/// possibly over several lines, which is why this is a small line-driven state machine rather than an XML parse.
/// </summary>
internal static partial class TrecTopicReader
{
    [GeneratedRegex(@"^\s*<(?<tag>/?top|num|title|desc|narr)>\s*(?<rest>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex TagLine();

    [GeneratedRegex(@"^(Number|Description|Narrative|Topic)\s*:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex FieldLabel();

    public static IEnumerable<Query> Read(string path, TopicField field, MalformedRecordHandler? onMalformed)
    {
        Topic? topic = null;
        string? currentTag = null;
        foreach (var line in TextFile.ReadLines(path))
        {
            var match = TagLine().Match(line.Text);
            if (!match.Success)
            {
                if (topic is not null && currentTag is not null) topic.Append(currentTag, line.Text);
                else if (!string.IsNullOrWhiteSpace(line.Text))
                    onMalformed.Report(new MalformedRecordException(path, line.Number, "<top> to start a topic", line.Text));
                continue;
            }
            var tag = match.Groups["tag"].Value.ToLowerInvariant();
            var rest = match.Groups["rest"].Value;
            if (tag == "top")
            {
                if (topic is not null)
                    onMalformed.Report(new MalformedRecordException(path, topic.StartLine, "</top> before the next <top>", "<top>"));
                topic = new Topic(line.Number);
                currentTag = null;
            }
            else if (tag == "/top")
            {
                if (topic is null)
                {
                    onMalformed.Report(new MalformedRecordException(path, line.Number, "<top> before </top>", line.Text));
                    continue;
                }
                Query? query = null;
                try
                {
                    query = topic.ToQuery(path, field);
                }
                catch (MalformedRecordException e)
                {
                    onMalformed.Report(e);
                }
                topic = null;
                currentTag = null;
                if (query is not null) yield return query;
            }
            else if (topic is null)
            {
                onMalformed.Report(new MalformedRecordException(path, line.Number, $"<top> before <{tag}>", line.Text));
            }
            else
            {
                currentTag = tag;
                topic.Append(tag, rest);
            }
        }
        if (topic is not null)
            onMalformed.Report(new MalformedRecordException(path, topic.StartLine, "</top> to close the topic started here"));
    }

    private sealed class Topic(long startLine)
    {
        private readonly Dictionary<string, StringBuilder> fields = new();

        public long StartLine { get; } = startLine;

        public void Append(string tag, string text)
        {
            if (!fields.TryGetValue(tag, out var builder)) fields[tag] = builder = new StringBuilder();
            if (builder.Length > 0 && text.Length > 0) builder.Append(' ');
            builder.Append(text.Trim());
        }

        public Query ToQuery(string path, TopicField field)
        {
            var number = Field("num");
            if (number.Length == 0)
                throw new MalformedRecordException(path, StartLine, "a <num> field in the topic that starts here");
            var tag = field switch { TopicField.Description => "desc", TopicField.Narrative => "narr", _ => "title" };
            var text = Field(tag);
            if (text.Length == 0)
                throw new MalformedRecordException(path, StartLine, $"a non-empty <{tag}> field in topic {number}");
            return new Query(number, text);
        }

        private string Field(string tag) =>
            fields.TryGetValue(tag, out var builder) ? FieldLabel().Replace(builder.ToString(), "").Trim() : "";
    }
}
