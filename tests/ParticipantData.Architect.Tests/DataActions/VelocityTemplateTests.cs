using ParticipantData.Architect.DataActions;

namespace ParticipantData.Architect.Tests.DataActions;

public sealed class VelocityTemplateTests
{
    private static readonly Dictionary<string, string> Values = new()
    {
        ["input.name"] = "Ada \"the\" Lovelace\n",
        ["input.id"] = "12345",
        ["input.key"] = "a b c",
        ["input.array"] = "[\"gold\",\"silver\"]",
        ["input.empty"] = "[]",
    };

    [Theory]
    [InlineData("${input.id}", "12345")]
    [InlineData("$input.id", "12345")]
    [InlineData("id=$input.id;", "id=12345;")]
    [InlineData("{\"name\": \"$esc.jsonString(${input.name})\"}", "{\"name\": \"Ada \\\"the\\\" Lovelace\\n\"}")]
    [InlineData("$esc.jsonEncode($input.name)", "Ada \\\"the\\\" Lovelace\\n")]
    [InlineData("$esc.jsonDecode(\"a\\nb\")", "a\nb")]
    [InlineData("/search?q=$esc.url(${input.key})", "/search?q=a+b+c")]
    [InlineData("/search?q=$esc.urlFormEncode(${input.key})", "/search?q=a+b+c")]
    [InlineData("/items/$esc.uriEncode(${input.key})", "/items/a%20b%20c")]
    [InlineData("${input.key.replace(' ','%20')}", "a%20b%20c")]
    [InlineData("${input.key.toUpperCase()}", "A B C")]
    [InlineData("$esc.quote", "\"")]
    [InlineData("$successTemplateUtils.firstFromArray(\"${input.array}\")", "\"gold\"")]
    [InlineData("$successTemplateUtils.firstFromArray(\"${input.empty}\", \"none\")", "none")]
    [InlineData("price: $5 and $", "price: $5 and $")]
    public void Renders_the_subset_data_actions_use(string template, string expected) =>
        VelocityTemplate.Render(template, Values).ShouldBe(expected);

    [Fact]
    public void A_missing_value_in_formal_notation_renders_its_own_text_as_Velocity_does() =>
        VelocityTemplate.Render("{\"x\": \"${input.missing}\"}", Values).ShouldBe("{\"x\": \"${input.missing}\"}");

    [Fact]
    public void A_missing_value_in_silent_notation_renders_nothing() =>
        VelocityTemplate.Render("[$!{input.missing}][$!input.missing]", Values).ShouldBe("[][]");

    [Fact]
    public void A_tool_call_on_a_missing_value_renders_the_call_as_written() =>
        VelocityTemplate.Render("$esc.jsonString(${input.missing})", Values).ShouldBe("$esc.jsonString(${input.missing})");

    [Theory]
    [InlineData("#if($input.id) yes #end", "#if")]
    [InlineData("#set($x = 1)", "#set")]
    [InlineData("#foreach($i in $list)", "#foreach")]
    public void Directives_are_refused_by_name_rather_than_rendered_wrong(string template, string directive) =>
        Should.Throw<FormatException>(() => VelocityTemplate.Render(template, Values)).Message.ShouldContain(directive);

    [Fact]
    public void An_unsupported_tool_is_refused_naming_what_is_supported() =>
        Should.Throw<FormatException>(() => VelocityTemplate.Render("$math.add(1, 2)", Values)).Message.ShouldContain("esc.jsonString");
}
