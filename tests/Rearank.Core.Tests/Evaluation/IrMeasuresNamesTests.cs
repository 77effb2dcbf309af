using System.Globalization;
using Rearank.Core.Evaluation;
using Rearank.Core.IO;

namespace Rearank.Core.Tests.Evaluation;

/// <summary>ir_measures' names for trec_eval's measures, as its pytrec_eval provider maps them, checked against trec_eval's own output.</summary>
public sealed class IrMeasuresNamesTests
{
    [Theory]
    [InlineData("IPrec@0.5", "iprec_at_recall.0.5", "iprec_at_recall_0.50", null)]
    [InlineData("IPrec@.25", "iprec_at_recall..25", "iprec_at_recall_0.25", null)]
    [InlineData("infAP", "infAP", "infAP", null)]
    [InlineData("NumRet", "num_ret", "num_ret", null)]
    [InlineData("NumRet(rel=2)", "num_rel_ret", "num_rel_ret", 2)]
    [InlineData("NumQ", "num_q", "num_q", null)]
    [InlineData("NumRel", "num_rel", "num_rel", null)]
    [InlineData("SetP", "set_P", "set_P", null)]
    [InlineData("SetP(relative=True)", "set_relative_P", "set_relative_P", null)]
    [InlineData("SetR", "set_recall", "set_recall", null)]
    [InlineData("SetF", "set_F", "set_F", null)]
    [InlineData("SetF(beta=2)", "set_F.2", "set_F_2", null)]
    [InlineData("SetAP(rel=2)", "set_map", "set_map", 2)]
    [InlineData("ERR@20", "ERR.20", "ERR_20", null)]
    public void Names_translate_to_trec_eval_s_measures(string name, string argument, string trecName, int? level)
    {
        var request = IrMeasuresNames.Translate(name);

        Assert.NotNull(request);
        Assert.Equal((argument, trecName, level, name), (request.TrecArgument, request.TrecName, request.RelevanceLevel, request.DisplayName));
    }

    [Theory]
    [InlineData("P")]          // needs a cutoff
    [InlineData("Rprec@10")]   // takes none
    [InlineData("IPrec")]
    [InlineData("P.5,10")]     // trec_eval syntax
    [InlineData("set_P")]
    [InlineData("P(rel=x)@10")]
    public void Other_texts_are_not_ir_measures_names(string text) => Assert.Null(IrMeasuresNames.Translate(text));

    [SharedDataFact]
    public void The_values_are_trec_eval_s_under_the_names_asked()
    {
        var qrels = Qrels.From(QrelsReader.Read(SharedData.PathOf("trec_eval-tests/qrels.test"), QrelsFormat.Trec));
        var run = RunLoader.Load(SharedData.PathOf("trec_eval-tests/results.test"));
        var groups = MeasureGroups.Parse(["IPrec@0.5", "infAP", "NumRet(rel=1)", "SetF", "SetP(relative=True)", "SetAP"], 1);
        var result = MeasureGroups.Evaluate(qrels, run, groups, new EvaluationOptions());

        // out.test.a: iprec_at_recall_0.50 0.2184, infAP 0.1785, num_rel_ret 131, set_F 0.1194, set_relative_P 0.5997, set_map 0.0354.
        string F(string name) => result.ValueOf(name).ToString("F4", CultureInfo.InvariantCulture);
        Assert.Equal(("0.2184", "0.1785", "131.0000", "0.1194", "0.5997", "0.0354"),
            (F("IPrec@0.5"), F("infAP"), F("NumRet(rel=1)"), F("SetF"), F("SetP(relative=True)"), F("SetAP")));
    }
}
