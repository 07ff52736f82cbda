using System.Globalization;

namespace ParticipantData.Architect.Syntax;

/// <summary>
/// Recursive-descent parser for the grammar in docs/architect.md. Stops at the first error: a message saying what
/// was expected at that position is more useful than a cascade of guesses.
/// </summary>
internal sealed class Parser
{
    // Deep enough for any real flow expression, shallow enough to never overflow the stack.
    private const int MaxDepth = 200;

    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _index;
    private int _depth;

    private Parser(string text, List<Token> tokens)
    {
        _text = text;
        _tokens = tokens;
    }

    public static Expr? Parse(string text, List<ArchitectDiagnostic> diagnostics)
    {
        var tokens = Lexer.Tokenize(text, diagnostics);
        if (diagnostics.Count > 0)
        {
            return null;
        }

        var parser = new Parser(text, tokens);
        try
        {
            if (parser.Current.Kind == TokenKind.End)
            {
                throw parser.Fail(parser.Current, "expected an expression, found nothing");
            }

            var expr = parser.ParseExpression();
            if (parser.Current.Kind != TokenKind.End)
            {
                var previous = parser._tokens[parser._index - 1];
                if (previous.Kind == TokenKind.String && parser.Current.Kind is TokenKind.Identifier or TokenKind.String)
                {
                    throw parser.Fail(parser.Current, $"expected an operator or the end of the expression, found {parser.Current.Describe()} (a quote inside a string is written \\\", so the string {previous.Text} ended early)");
                }

                throw parser.Fail(parser.Current, parser.Current.Kind switch
                {
                    TokenKind.Comma => "unexpected ',' after a complete expression (decimals use '.', e.g. 7.25; arguments need a function call)",
                    TokenKind.RightParen => "unexpected ')': no '(' is open here",
                    TokenKind.RightBracket => "unexpected ']': no '[' is open here",
                    _ => $"expected an operator or the end of the expression, found {parser.Current.Describe()}",
                });
            }

            return expr;
        }
        catch (ParseFailure failure)
        {
            diagnostics.Add(failure.Diagnostic);
            return null;
        }
    }

    private Token Current => _tokens[_index];

    private Token Advance() => _tokens[_index++];

    private ParseFailure Fail(Token at, string message) => new(new ArchitectDiagnostic(_text, at.Offset, message));

    private Token Expect(TokenKind kind, string message)
    {
        if (Current.Kind != kind)
        {
            throw Fail(Current, message + ", found " + Current.Describe());
        }

        return Advance();
    }

    private Expr ParseExpression()
    {
        if (++_depth > MaxDepth)
        {
            throw Fail(Current, $"expression nested more than {MaxDepth} levels deep");
        }

        try
        {
            return ParseOr();
        }
        finally
        {
            _depth--;
        }
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsWord("or"))
        {
            var op = Advance();
            left = new BinaryExpr(op.Offset, BinaryOperator.Or, op.Text, left, ParseOperand(ParseAnd, op));
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseComparison();
        while (Current.IsWord("and"))
        {
            var op = Advance();
            left = new BinaryExpr(op.Offset, BinaryOperator.And, op.Text, left, ParseOperand(ParseComparison, op));
        }

        return left;
    }

    private Expr ParseComparison()
    {
        var left = ParseAdditive();
        if (ComparisonOperator(Current.Kind) is not { } op)
        {
            return left;
        }

        var opToken = Advance();
        var right = ParseOperand(ParseAdditive, opToken);
        if (ComparisonOperator(Current.Kind) is not null)
        {
            throw Fail(Current, $"comparisons do not chain: '{Current.Text}' follows '{opToken.Text}'; combine them with 'and' or add parentheses");
        }

        return new BinaryExpr(opToken.Offset, op, opToken.Text, left, right);
    }

    private static BinaryOperator? ComparisonOperator(TokenKind kind) => kind switch
    {
        TokenKind.EqualEqual => BinaryOperator.Equal,
        TokenKind.BangEqual => BinaryOperator.NotEqual,
        TokenKind.Less => BinaryOperator.Less,
        TokenKind.LessEqual => BinaryOperator.LessOrEqual,
        TokenKind.Greater => BinaryOperator.Greater,
        TokenKind.GreaterEqual => BinaryOperator.GreaterOrEqual,
        _ => null,
    };

    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            var kind = op.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract;
            left = new BinaryExpr(op.Offset, kind, op.Text, left, ParseOperand(ParseMultiplicative, op));
        }

        return left;
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Advance();
            var kind = op.Kind switch
            {
                TokenKind.Star => BinaryOperator.Multiply,
                TokenKind.Slash => BinaryOperator.Divide,
                _ => BinaryOperator.Modulo,
            };
            left = new BinaryExpr(op.Offset, kind, op.Text, left, ParseOperand(ParseUnary, op));
        }

        return left;
    }

    private Expr ParseOperand(Func<Expr> parse, Token op)
    {
        if (Current.Kind == TokenKind.End)
        {
            throw Fail(Current, $"expected an expression after '{op.Text}', found the end of the expression");
        }

        return parse();
    }

    private Expr ParseUnary()
    {
        if (Current.Kind is TokenKind.Bang or TokenKind.Minus)
        {
            var op = Advance();
            if (++_depth > MaxDepth)
            {
                throw Fail(op, $"expression nested more than {MaxDepth} levels deep");
            }

            try
            {
                var operand = ParseOperand(ParseUnary, op);
                return new UnaryExpr(op.Offset, op.Kind == TokenKind.Bang ? UnaryOperator.Not : UnaryOperator.Negate, operand);
            }
            finally
            {
                _depth--;
            }
        }

        return ParsePostfix(ParsePrimary());
    }

    private Expr ParsePostfix(Expr expr)
    {
        while (true)
        {
            if (Current.Kind == TokenKind.Dot)
            {
                Advance();
                var name = Expect(TokenKind.Identifier, "expected a property name after '.'");
                if (!char.IsAsciiLetter(name.Text[0]))
                {
                    throw Fail(name, $"a property name starts with a letter, not '{name.Text[0]}'");
                }

                expr = new MemberExpr(name.Offset, expr, name.Text);
            }
            else if (Current.Kind == TokenKind.LeftBracket)
            {
                var open = Advance();
                if (Current.Kind == TokenKind.RightBracket)
                {
                    throw Fail(Current, "expected an index expression between '[' and ']'");
                }

                var index = ParseExpression();
                Expect(TokenKind.RightBracket, "expected ']' to close the index opened at column "
                    + ArchitectDiagnostic.LineAndColumn(_text, open.Offset).Column.ToString(CultureInfo.InvariantCulture));
                expr = new IndexExpr(open.Offset, expr, index);
            }
            else
            {
                return expr;
            }
        }
    }

    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.String:
                Advance();
                return new LiteralExpr(token.Offset, LiteralKind.String, token.Text, token.StringValue);
            case TokenKind.Integer:
                Advance();
                if (!long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var integer)
                    || integer > Types.ValueRules.MaxInteger)
                {
                    throw Fail(token, $"the integer {token.Text} is outside Architect's Integer range (±999999999999999)");
                }

                return new LiteralExpr(token.Offset, LiteralKind.Integer, token.Text, integer);
            case TokenKind.Decimal:
                Advance();
                if (!decimal.TryParse(token.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var dec))
                {
                    throw Fail(token, $"the decimal {token.Text} is outside the range this evaluator supports");
                }

                return new LiteralExpr(token.Offset, LiteralKind.Decimal, token.Text, dec);
            case TokenKind.LeftParen:
                {
                    Advance();
                    if (Current.Kind == TokenKind.RightParen)
                    {
                        throw Fail(Current, "expected an expression between '(' and ')'");
                    }

                    var inner = ParseExpression();
                    Expect(TokenKind.RightParen, "expected ')' to close the '(' at column "
                        + ArchitectDiagnostic.LineAndColumn(_text, token.Offset).Column.ToString(CultureInfo.InvariantCulture));
                    return inner;
                }

            case TokenKind.Identifier:
                return ParseName();
            case TokenKind.End:
                throw Fail(token, "expected an expression, found the end of the expression");
            default:
                throw Fail(token, $"expected an expression (a value, variable, function call or '('), found {token.Describe()}");
        }
    }

    private Expr ParseName()
    {
        var token = Advance();
        if (Current.Kind == TokenKind.LeftParen)
        {
            return ParseCall(token);
        }

        if (token.IsWord("true") || token.IsWord("false"))
        {
            var value = token.IsWord("true");
            return new LiteralExpr(token.Offset, LiteralKind.Boolean, value ? "true" : "false", value);
        }

        if (token.IsWord("NOT_SET"))
        {
            return new LiteralExpr(token.Offset, LiteralKind.NotSet, "NOT_SET", null);
        }

        if (token.IsWord("and") || token.IsWord("or"))
        {
            throw Fail(token, $"expected an expression before '{token.Text}'");
        }

        if (token.IsWord("not"))
        {
            throw Fail(token, "'not' is not an Architect operator: write '!' (e.g. !Flow.done)");
        }

        if (Current.Kind == TokenKind.Dot && Scopes.TryGetCanonical(token.Text, out var scope))
        {
            Advance();
            var name = Expect(TokenKind.Identifier, $"expected a variable name after '{token.Text}.'");
            if (!char.IsAsciiLetter(name.Text[0]))
            {
                throw Fail(name, $"a variable name starts with a letter, not '{name.Text[0]}'");
            }

            return new VariableExpr(token.Offset, scope, name.Text);
        }

        if (Current.Kind == TokenKind.Dot)
        {
            throw Fail(token, $"unknown variable scope '{token.Text}': expected one of {string.Join(", ", Scopes.All)}");
        }

        throw Fail(token, $"unknown name '{token.Text}': a variable needs a scope (Flow.{token.Text}, Task.{token.Text}, …) and a function call needs '('");
    }

    private CallExpr ParseCall(Token name)
    {
        var open = Advance();
        var args = new List<Expr>();
        if (Current.Kind == TokenKind.RightParen)
        {
            Advance();
            return new CallExpr(name.Offset, name.Text, args);
        }

        while (true)
        {
            if (Current.Kind is TokenKind.Comma or TokenKind.RightParen)
            {
                throw Fail(Current, $"expected an argument for {name.Text}, found {Current.Describe()}");
            }

            args.Add(ParseExpression());
            if (Current.Kind == TokenKind.Comma)
            {
                Advance();
                continue;
            }

            if (Current.Kind == TokenKind.RightParen)
            {
                Advance();
                return new CallExpr(name.Offset, name.Text, args);
            }

            var column = ArchitectDiagnostic.LineAndColumn(_text, open.Offset).Column.ToString(CultureInfo.InvariantCulture);
            throw Fail(Current, Current.Kind == TokenKind.End
                ? $"expected ',' or ')' to close the call to {name.Text} opened at column {column}, found the end of the expression"
                : $"expected ',' or ')' after an argument of {name.Text}, found {Current.Describe()}");
        }
    }

    private sealed class ParseFailure(ArchitectDiagnostic diagnostic) : Exception(diagnostic.Message)
    {
        public ArchitectDiagnostic Diagnostic { get; } = diagnostic;
    }
}
