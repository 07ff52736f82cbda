using System.Text;

namespace ParticipantData.Architect.Types;

/// <summary>
/// A phone number as <c>ToPhoneNumber</c> gives it: the text as written and, when it carries an international
/// number (<c>+</c> followed by digits, possibly inside a <c>tel:</c>/<c>sip:</c> address), its E.164 form.
/// </summary>
internal sealed class PhoneNumberValue
{
    private PhoneNumberValue(string raw, string? e164)
    {
        Raw = raw;
        E164 = e164;
    }

    public string Raw { get; }

    public string? E164 { get; }

    public static PhoneNumberValue Parse(string text)
    {
        var body = text.Trim();
        foreach (var scheme in (ReadOnlySpan<string>)["tel:", "sip:", "sips:"])
        {
            if (body.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                body = body[scheme.Length..];
                break;
            }
        }

        // A SIP address keeps its user part only: sip:+13175550100@host;user=phone.
        var cut = body.IndexOfAny(['@', ';']);
        if (cut >= 0)
        {
            body = body[..cut];
        }

        if (!body.StartsWith('+'))
        {
            return new PhoneNumberValue(text, null);
        }

        var digits = new StringBuilder("+");
        foreach (var c in body.AsSpan(1))
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return new PhoneNumberValue(text, null);
            }
        }

        // E.164 allows at most 15 digits.
        return digits.Length is > 1 and <= 16 ? new PhoneNumberValue(text, digits.ToString()) : new PhoneNumberValue(text, null);
    }

    public bool SameNumber(PhoneNumberValue other) =>
        E164 is not null && other.E164 is not null
            ? string.Equals(E164, other.E164, StringComparison.Ordinal)
            : string.Equals(Raw, other.Raw, StringComparison.Ordinal);

    public override string ToString() => E164 ?? Raw;
}
