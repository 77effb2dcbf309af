using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Rearank.Core.Reranking.RankLlm;

/// <summary>
/// The clean-up rank_llm runs over every passage and over each local prompt (ftfy's fix_text, defaults of ftfy 6.3),
/// written here from its documented behaviour: text is fixed line by line; HTML entities are decoded unless the text
/// has a '&lt;' (from the first line that has one on); UTF-8 that was read as Latin-1 or Windows-1252 ("Ã©", "â€™")
/// is decoded again; stray C1 controls become Windows-1252; Latin ligatures are split; fullwidth forms get their
/// plain width; curly quotes become straight; line breaks become "\n"; control characters go; the result is NFC.
/// Measured against ftfy itself on the DL19, DL20 and SciFact texts (TextFixerTests and the README say how closely);
/// where ftfy's mojibake heuristics would judge a rare case otherwise, the two can differ.
/// </summary>
public static partial class TextFixer
{
    /// <summary>fix_text: <paramref name="unescapeHtml"/> false is ftfy's unescape_html=False; true is its "auto".</summary>
    public static string FixText(string text, bool unescapeHtml = true)
    {
        if (text.Length == 0) return text;
        var output = new StringBuilder(text.Length);
        var html = unescapeHtml;
        var position = 0;
        while (position < text.Length)
        {
            var end = text.IndexOf('\n', position);
            end = end < 0 ? text.Length : end + 1;
            var segment = text[position..end];
            // "auto" turns off for good at the first segment with a '<': the text is probably markup.
            if (html && segment.Contains('<')) html = false;
            output.Append(FixSegment(segment, html));
            position = end;
        }
        return output.ToString();
    }

    private static string FixSegment(string text, bool html)
    {
        while (true)
        {
            var before = text;
            if (html) text = UnescapeHtml(text);
            text = FixEncoding(text);
            text = FixC1Controls(text);
            text = SplitLigatures(text);
            text = PlainWidth(text);
            text = UncurlQuotes(text);
            text = UnixLineBreaks(text);
            text = ReplaceLoneSurrogates(text);
            text = TerminalEscape().Replace(text, "");
            text = RemoveControlCharacters(text);
            text = text.Normalize(NormalizationForm.FormC);
            if (text == before) return text;
        }
    }

    [GeneratedRegex("&#?[0-9A-Za-z]{1,24};")]
    private static partial Regex HtmlEntity();

    [GeneratedRegex("\x1b\\[[0-9;]*[a-zA-Z]")]
    private static partial Regex TerminalEscape();

    /// <summary>Entities that end in a semicolon; numeric ones as Python's html.unescape reads them.</summary>
    private static string UnescapeHtml(string text) => !text.Contains('&') ? text : HtmlEntity().Replace(text, m =>
    {
        var entity = m.Value;
        if (entity[1] != '#')
        {
            var decoded = WebUtility.HtmlDecode(entity);
            return decoded.Length > 0 && decoded != entity ? decoded : entity;
        }
        var hex = entity.Length > 2 && (entity[2] == 'x' || entity[2] == 'X');
        var digits = entity[(hex ? 3 : 2)..^1];
        if (!long.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code)) return entity;
        return NumericReference(code);
    });

    /// <summary>Python's html.unescape of "&amp;#N;": Windows-1252 for 0x80-0x9F, U+FFFD for 0, surrogates and beyond Unicode, nothing for non-characters.</summary>
    private static string NumericReference(long code)
    {
        if (code is >= 0x80 and <= 0x9F) return Windows1252High[(int)code - 0x80].ToString();
        if (code == 0 || code is >= 0xD800 and <= 0xDFFF || code > 0x10FFFF) return "\uFFFD";
        if (code is >= 0x1 and <= 0x8 or 0xB or >= 0xE and <= 0x1F or >= 0x7F and <= 0x9F or >= 0xFDD0 and <= 0xFDEF
            || (code & 0xFFFE) == 0xFFFE) return "";
        return char.ConvertFromUtf32((int)code);
    }

    /// <summary>
    /// Windows-1252's bytes 0x80-0x9F, the five it leaves undefined read as the C1 controls of the same number
    /// (the "sloppy" reading of text that went through it).
    /// </summary>
    private const string Windows1252High =
        "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
        "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

    /// <summary>The byte a character was in Windows-1252 (read sloppily) or Latin-1; -1 when neither has it.</summary>
    private static int SingleByte(char c, bool latin1)
    {
        if (c < 0x80) return c;
        if (latin1) return c <= 0xFF ? c : -1;
        if (c >= 0xA0 && c <= 0xFF) return c;
        var index = Windows1252High.IndexOf(c);
        return index < 0 ? -1 : 0x80 + index;
    }

    /// <summary>
    /// Mojibake: the whole text re-read as UTF-8 when its Latin-1 (then Windows-1252) bytes are UTF-8; otherwise each
    /// run of such characters that forms a UTF-8 sequence, alone (text where only some of it went wrong). Repeated
    /// until nothing changes, for text that went wrong twice.
    /// </summary>
    private static string FixEncoding(string text)
    {
        while (true)
        {
            var fixedText = FixEncodingOnce(text);
            if (fixedText == text) return text;
            text = fixedText;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static string FixEncodingOnce(string text)
    {
        if (!HasNonAscii(text)) return text;
        foreach (var latin1 in (bool[])[true, false])
        {
            var bytes = new byte[text.Length];
            var encodable = true;
            for (var i = 0; i < text.Length && encodable; i++)
            {
                var b = SingleByte(text[i], latin1);
                if (b < 0) encodable = false;
                else bytes[i] = (byte)b;
            }
            if (!encodable) continue;
            bytes = RestoreNoBreakSpaces(bytes);
            try
            {
                var decoded = StrictUtf8.GetString(bytes);
                if (decoded != text) return decoded;
            }
            catch (DecoderFallbackException)
            {
            }
        }
        return DecodeEmbeddedUtf8(text);
    }

    // Bytes as Latin-1 text, so a regex can look at them: sequences that would be UTF-8 had a 0xA0 not become a space.
    [GeneratedRegex("[\u00c2\u00c3\u00c5\u00ce\u00d0\u00d9] |[\u00e2\u00e3] [\u0080-\u0084\u0086-\u009f\u00a1-\u00bf]|[\u00e0-\u00e3][\u0080-\u0084\u0086-\u009f\u00a1-\u00bf] |\u00f0 [\u0080-\u00bf][\u0080-\u00bf]|\u00f0[\u0080-\u00bf] [\u0080-\u00bf]|\u00f0[\u0080-\u00bf][\u0080-\u00bf] ")]
    private static partial Regex SpaceForNoBreakSpace();

    // "Ã " before a word is "à " whose 0xA0 became a space (Portuguese "à quele"-style contractions excepted).
    [GeneratedRegex("\u00c3 (?! |quele|quela|quilo|s )")]
    private static partial Regex AGraveBeforeWord();

    /// <summary>
    /// Mojibake that also lost its 0xA0 bytes to spaces (a no-break space "is basically a space"): the bytes where a
    /// space completes a UTF-8 sequence get their 0xA0 back, so the text can be decoded after all.
    /// </summary>
    private static byte[] RestoreNoBreakSpaces(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        // Only where the text is surely mojibake: a C1 control (no writer means those), a three-byte sequence, or "Â "
        // and "Ã ". A lone "Å " is an ångström sign before a space ("3.72 Å apo"), not a broken "Š".
        var c1 = text.Any(c => c is >= '\u0080' and <= '\u009f');
        if (!SpaceForNoBreakSpace().Matches(text).Any(m => c1 || m.Length >= 3 || m.Value[0] is '\u00c2' or '\u00c3')) return bytes;
        text = AGraveBeforeWord().Replace(text, "\u00c3\u00a0 ");
        text = SpaceForNoBreakSpace().Replace(text, m => m.Value.Replace(' ', '\u00a0'));
        return Encoding.Latin1.GetBytes(text);
    }

    /// <summary>Each stretch of single-byte characters that spells a UTF-8 sequence (2 to 4 bytes) decoded on its own.</summary>
    private static string DecodeEmbeddedUtf8(string text)
    {
        StringBuilder? output = null;
        var copied = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var lead = SingleByte(text[i], latin1: false);
            if (lead < 0) lead = SingleByte(text[i], latin1: true);
            var length = lead switch { >= 0xC2 and <= 0xDF => 2, >= 0xE0 and <= 0xEF => 3, >= 0xF0 and <= 0xF4 => 4, _ => 0 };
            if (length == 0 || i + length > text.Length) continue;
            var bytes = new byte[length];
            bytes[0] = (byte)lead;
            var ok = true;
            for (var k = 1; k < length && ok; k++)
            {
                var b = SingleByte(text[i + k], latin1: false);
                if (b < 0) b = SingleByte(text[i + k], latin1: true);
                ok = b is >= 0x80 and <= 0xBF;
                if (ok) bytes[k] = (byte)b;
            }
            if (!ok) continue;
            string decoded;
            try { decoded = StrictUtf8.GetString(bytes); }
            catch (DecoderFallbackException) { continue; }
            output ??= new StringBuilder(text.Length);
            output.Append(text, copied, i - copied).Append(decoded);
            i += length - 1;
            copied = i + 1;
        }
        return output is null ? text : output.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>C1 control characters left over are Windows-1252's (U+0080 was surely a euro sign).</summary>
    private static string FixC1Controls(string text)
    {
        if (!text.Any(c => c is >= '\u0080' and <= '\u009F')) return text;
        return string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = source[i] is >= '\u0080' and <= '\u009F' ? Windows1252High[source[i] - 0x80] : source[i];
        });
    }

    private static readonly Dictionary<char, string> Ligatures = new()
    {
        ['Ĳ'] = "IJ", ['ĳ'] = "ij", ['ŉ'] = "ʼn", ['Ǳ'] = "DZ", ['ǲ'] = "Dz", ['ǳ'] = "dz", ['Ǆ'] = "DŽ", ['ǅ'] = "Dž", ['ǆ'] = "dž",
        ['Ǉ'] = "LJ", ['ǈ'] = "Lj", ['ǉ'] = "lj", ['Ǌ'] = "NJ", ['ǋ'] = "Nj", ['ǌ'] = "nj",
        ['ﬀ'] = "ff", ['ﬁ'] = "fi", ['ﬂ'] = "fl", ['ﬃ'] = "ffi", ['ﬄ'] = "ffl", ['ﬅ'] = "ſt", ['ﬆ'] = "st",
    };

    private static string SplitLigatures(string text) => Translate(text, c => Ligatures.GetValueOrDefault(c));

    /// <summary>Halfwidth and fullwidth forms (U+FF01-U+FFEF) as their compatibility form; the ideographic space as a space.</summary>
    private static readonly Dictionary<char, string> Widths = Enumerable.Range(0xFF01, 0xFFF0 - 0xFF01)
        .Select(c => ((char)c, ((char)c).ToString().Normalize(NormalizationForm.FormKC)))
        .Where(p => p.Item2 != p.Item1.ToString())
        .Append(('\u3000', " "))
        .ToDictionary(p => p.Item1, p => p.Item2);

    private static string PlainWidth(string text) => Translate(text, c => Widths.GetValueOrDefault(c));

    private static string UncurlQuotes(string text) => Translate(text, c => c switch
    {
        '\u02BC' or >= '\u2018' and <= '\u201B' => "'",
        >= '\u201C' and <= '\u201F' => "\"",
        _ => null,
    });

    private static string UnixLineBreaks(string text) => text.IndexOfAny(['\r', '\u2028', '\u2029', '\u0085']) < 0 ? text
        : text.Replace("\r\n", "\n").Replace('\r', '\n').Replace('\u2028', '\n').Replace('\u2029', '\n').Replace('\u0085', '\n');

    private static string ReplaceLoneSurrogates(string text)
    {
        StringBuilder? output = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var paired = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (paired) { output?.Append(c).Append(text[i + 1]); i++; continue; }
            if (char.IsSurrogate(c)) { (output ??= new StringBuilder(text[..i])).Append('\uFFFD'); continue; }
            output?.Append(c);
        }
        return output?.ToString() ?? text;
    }

    private static bool IsUnwantedControl(char c) =>
        c is <= '\u0008' or '\u000B' or >= '\u000E' and <= '\u001F' or '\u007F' or >= '\u206A' and <= '\u206F' or '\uFEFF' or >= '\uFFF9' and <= '\uFFFC';

    private static string RemoveControlCharacters(string text) => Translate(text, c => IsUnwantedControl(c) ? "" : null);

    private static bool HasNonAscii(string text)
    {
        foreach (var c in text) if (c >= 0x80) return true;
        return false;
    }

    /// <summary>str.translate: each character the map gives text for is replaced by it.</summary>
    private static string Translate(string text, Func<char, string?> map)
    {
        StringBuilder? output = null;
        for (var i = 0; i < text.Length; i++)
        {
            var replacement = map(text[i]);
            if (replacement is null) { output?.Append(text[i]); continue; }
            (output ??= new StringBuilder(text.Length).Append(text, 0, i)).Append(replacement);
        }
        return output?.ToString() ?? text;
    }
}
