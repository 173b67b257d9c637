//! The parser (the only module that uses chumsky): tokens to a spanned `SyntaxTree`. Each
//! piece cites the grammar.md rule it implements. Errors recover at statement boundaries,
//! so one run reports every syntax error of a file.

use std::sync::Arc;

use chumsky::input::ValueInput;
use chumsky::pratt::{infix, left, none, postfix, prefix, right};
use chumsky::prelude::*;

use super::ast::*;
use super::token::{Spanned, Token};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::op::{BinaryOp, UnaryOp};
use crate::source::{SourceId, Span};

type Extra<'t> = extra::Err<Rich<'t, Token, SimpleSpan>>;

/// Parses laid-out tokens. `len` is the source length (for end-of-input errors).
pub fn parse(
    tokens: &[Spanned],
    len: usize,
    source: SourceId,
) -> Result<SyntaxTree, Vec<Diagnostic>> {
    match parse_partial(tokens, len, source) {
        (Some(program), diagnostics) if diagnostics.is_empty() => Ok(program),
        (_, diagnostics) => Err(diagnostics),
    }
}

/// Parses laid-out tokens as far as they go: the tree (with `StmtKind::Error` where a
/// statement did not parse, when recovery could keep one) and every syntax error.
pub fn parse_partial(
    tokens: &[Spanned],
    len: usize,
    source: SourceId,
) -> (Option<SyntaxTree>, Vec<Diagnostic>) {
    let simple: Vec<(Token, SimpleSpan)> = tokens
        .iter()
        .map(|(t, s)| {
            (
                t.clone(),
                SimpleSpan::from(s.start as usize..s.end as usize),
            )
        })
        .collect();
    let eoi = SimpleSpan::from(len..len);
    let input = simple.as_slice().map(eoi, |(t, s)| (t, s));
    let (program, errors) = program(source).parse(input).into_output_errors();
    let diagnostics: Vec<Diagnostic> = errors
        .into_iter()
        .map(|e| syntax_error(e, source))
        .collect();
    (program, diagnostics)
}

/// Turns a chumsky error into a diagnostic that says what was found and what would fit.
fn syntax_error(error: Rich<'_, Token, SimpleSpan>, source: SourceId) -> Diagnostic {
    let range = error.span().into_range();
    let span = Span::new(source, range.start, range.end);
    match error.reason() {
        chumsky::error::RichReason::Custom(message) => {
            Diagnostic::error(ErrorKind::Parse, span, message.to_string()).label(span, "here")
        }
        chumsky::error::RichReason::ExpectedFound { expected, found } => {
            let found_text = match found {
                Some(token) => format!("unexpected {}", describe_token(token)),
                None => "unexpected end of input".to_string(),
            };
            let mut wanted: Vec<String> = expected
                .iter()
                .filter_map(|pattern| match pattern {
                    chumsky::error::RichPattern::Token(t) => Some(describe_token(t)),
                    chumsky::error::RichPattern::Label(l) => Some(l.to_string()),
                    chumsky::error::RichPattern::EndOfInput => Some("end of input".to_string()),
                    _ => None,
                })
                .collect();
            wanted.sort();
            wanted.dedup();
            if wanted.iter().any(|w| w == "expression") {
                // Tokens that start an expression are already covered by "expression".
                let starters = [
                    "`!`", "`+`", "`-`", "`[`", "`(`", "name", "number", "string", "`true`",
                    "`false`", "`end`",
                ];
                wanted.retain(|w| !starters.contains(&w.as_str()));
            }
            // At the end of input what is missing is most likely a closing bracket, or the
            // block a header still needs: name those rather than every possible token.
            let delimiters = ["`}`", "`]`", "`)`", "`{`"];
            if found.is_none() && wanted.iter().any(|w| delimiters.contains(&w.as_str())) {
                wanted.retain(|w| delimiters.contains(&w.as_str()));
            }
            let label = match wanted.len() {
                0 => "not expected here".to_string(),
                1..=6 => format!("expected {}", join_or(&wanted)),
                _ => "this does not fit here".to_string(),
            };
            let mut d = Diagnostic::error(ErrorKind::Parse, span, found_text).label(span, label);
            let comparison = [
                Token::EqEq,
                Token::NotEq,
                Token::Less,
                Token::LessEq,
                Token::Greater,
                Token::GreaterEq,
            ];
            if found.as_deref().is_some_and(|t| comparison.contains(t)) {
                d = d.help("comparisons do not chain: write `a < b && b < c`");
            }
            if matches!(found.as_deref(), Some(Token::Assign)) {
                d = d.help("to compare, use `==`; only a name or `name[...]` can be assigned to");
            }
            d
        }
    }
}

fn describe_token(token: &Token) -> String {
    match token {
        Token::Newline => "end of line".to_string(),
        Token::Number(_) | Token::Imaginary(_) | Token::Str(_) | Token::Ident(_) => {
            token.to_string()
        }
        other => format!("`{other}`"),
    }
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// grammar.md: program = { separator } { statement terminator { separator } } EOF
fn program<'t, I>(source: SourceId) -> impl Parser<'t, I, SyntaxTree, Extra<'t>>
where
    I: ValueInput<'t, Token = Token, Span = SimpleSpan>,
{
    statement_list(source)
        .then_ignore(end())
        .map(SyntaxTree::new)
}

fn statement_list<'t, I>(source: SourceId) -> impl Parser<'t, I, Vec<Stmt>, Extra<'t>> + Clone
where
    I: ValueInput<'t, Token = Token, Span = SimpleSpan>,
{
    recursive(move |statements| {
        let expr = expression(source);
        let sp = move |s: SimpleSpan| Span::new(source, s.start, s.end);
        let separator = one_of([Token::Newline, Token::Semi]).repeated();
        let ident = select! { Token::Ident(name) => name }
            .map_with(move |name, e| Target {
                name,
                span: sp(e.span()),
            })
            .labelled("name");

        // grammar.md: block = "{" statement_list "}"
        let block = statements
            .clone()
            .delimited_by(just(Token::LBrace), just(Token::RBrace))
            .map_with(move |statements, e| Block {
                statements,
                span: sp(e.span()),
            })
            .boxed();

        // grammar.md: function = "fn" name "(" [ name { "," name } ] ")" ( "=" expr | block )
        let params = ident
            .separated_by(just(Token::Comma))
            .allow_trailing()
            .collect::<Vec<_>>()
            .delimited_by(just(Token::LParen), just(Token::RParen));
        let short_body = just(Token::Assign)
            .ignore_then(expr.clone())
            .map(|e: Expr| {
                let span = e.span;
                Block {
                    statements: vec![Stmt {
                        kind: StmtKind::Expr(e),
                        span,
                        silent: false,
                    }],
                    span,
                }
            });
        let function = just(Token::Fn)
            .ignore_then(ident)
            .then(params)
            .then(short_body.or(block.clone()))
            .map(|((name, params), body)| StmtKind::FnDef(Arc::new(FnDef { name, params, body })));

        // grammar.md: if = "if" expr block { "else" "if" expr block } [ "else" block ]
        let if_stmt = just(Token::If)
            .ignore_then(expr.clone().then(block.clone()))
            .then(
                just(Token::Else)
                    .then(just(Token::If))
                    .ignore_then(expr.clone().then(block.clone()))
                    .repeated()
                    .collect::<Vec<_>>(),
            )
            .then(just(Token::Else).ignore_then(block.clone()).or_not())
            .map(|((first, mut rest), otherwise)| {
                rest.insert(0, first);
                StmtKind::If {
                    branches: rest,
                    otherwise,
                }
            });

        // grammar.md: for = "for" name "in" expr block
        let for_stmt = just(Token::For)
            .ignore_then(ident)
            .then_ignore(just(Token::In))
            .then(expr.clone())
            .then(block.clone())
            .map(|((var, iter), body)| StmtKind::For { var, iter, body });

        // grammar.md: while = "while" expr block
        let while_stmt = just(Token::While)
            .ignore_then(expr.clone())
            .then(block.clone())
            .map(|(cond, body)| StmtKind::While { cond, body });

        // grammar.md: results = expr { "," expr }
        let results = expr
            .clone()
            .separated_by(just(Token::Comma))
            .at_least(1)
            .collect::<Vec<_>>()
            .map_with(move |items, e| one_or_tuple(items, sp(e.span())))
            .boxed();

        let control = choice((
            just(Token::Break).to(StmtKind::Break),
            just(Token::Continue).to(StmtKind::Continue),
            just(Token::Return)
                .ignore_then(results.clone().or_not())
                .map(StmtKind::Return),
        ));

        let assign_op = select! {
            Token::Assign => AssignOp::Set,
            Token::PlusAssign => AssignOp::Add,
            Token::MinusAssign => AssignOp::Sub,
            Token::StarAssign => AssignOp::Mul,
            Token::SlashAssign => AssignOp::Div,
        }
        .map_with(move |op, e| (op, sp(e.span())));

        // grammar.md: destructure = name "," name { "," name } "=" expr
        let destructure = ident
            .then(
                just(Token::Comma)
                    .ignore_then(ident)
                    .repeated()
                    .at_least(1)
                    .collect::<Vec<_>>(),
            )
            .then_ignore(just(Token::Assign))
            .then(expr.clone())
            .map(|((first, mut rest), value)| {
                rest.insert(0, first);
                StmtKind::Destructure {
                    targets: rest,
                    value,
                }
            });

        // grammar.md: index_assign = name indices assign_op expr
        let index_assign = ident
            .then(index_list(expr.clone(), source))
            .map_with(move |(target, indices), e| (target, indices, sp(e.span())))
            .then(assign_op)
            .then(expr.clone())
            .map(
                |(((target, indices, lhs_span), (op, op_span)), value)| StmtKind::IndexAssign {
                    target,
                    indices,
                    lhs_span,
                    op,
                    op_span,
                    value,
                },
            );

        // grammar.md: assign = name assign_op expr
        let assign =
            ident
                .then(assign_op)
                .then(expr.clone())
                .map(|((target, (op, op_span)), value)| StmtKind::Assign {
                    target,
                    op,
                    op_span,
                    value,
                });

        let kind = choice((
            function,
            if_stmt,
            for_stmt,
            while_stmt,
            control,
            destructure,
            index_assign,
            assign,
            results.map(StmtKind::Expr),
        ))
        .boxed();

        // On a syntax error, skip to the end of the statement (over balanced braces) and go on.
        let balanced = recursive(|balanced| {
            just(Token::LBrace)
                .ignore_then(
                    choice((balanced, none_of([Token::LBrace, Token::RBrace]).ignored()))
                        .repeated(),
                )
                .then_ignore(just(Token::RBrace))
                .ignored()
        });
        let skip = choice((
            balanced,
            none_of([Token::Newline, Token::Semi, Token::RBrace, Token::LBrace]).ignored(),
        ))
        .repeated()
        .at_least(1);

        // grammar.md: terminator = ";" | NEWLINE | (before "}") | EOF
        let terminator = choice((
            just(Token::Semi).to(true),
            just(Token::Newline).to(false),
            just(Token::RBrace).rewind().to(false),
            end().to(false),
        ))
        .labelled("end of statement");

        let statement = kind
            .map_with(move |kind, e| (kind, sp(e.span())))
            .then(terminator.clone())
            .map(|((kind, span), silent)| Stmt { kind, span, silent })
            .recover_with(via_parser(
                skip.map_with(move |_, e| sp(e.span()))
                    .then(terminator)
                    .map(|(span, silent)| Stmt {
                        kind: StmtKind::Error,
                        span,
                        silent,
                    }),
            ));

        separator.clone().ignore_then(
            statement
                .then_ignore(separator)
                .repeated()
                .collect::<Vec<_>>(),
        )
    })
}

/// grammar.md: indices = "[" index { "," index } "]", index = ":" | expr
fn index_list<'t, I>(
    expr: impl Parser<'t, I, Expr, Extra<'t>> + Clone + 't,
    source: SourceId,
) -> impl Parser<'t, I, Vec<Expr>, Extra<'t>> + Clone
where
    I: ValueInput<'t, Token = Token, Span = SimpleSpan>,
{
    let sp = move |s: SimpleSpan| Span::new(source, s.start, s.end);
    let all = just(Token::Colon)
        .then(one_of([Token::Comma, Token::RBracket]).rewind())
        .map_with(move |_, e| Expr {
            kind: ExprKind::All,
            span: sp(e.span()),
        });
    all.or(expr)
        .separated_by(just(Token::Comma))
        .at_least(1)
        .collect::<Vec<_>>()
        .delimited_by(just(Token::LBracket), just(Token::RBracket))
}

/// A matrix-literal item: a bracket literal written directly (`bracketed`) is a row whose
/// elements are its own items; anything else, a parenthesised bracket literal too, is a
/// plain element with the value it has anywhere else.
fn into_item(e: Expr, bracketed: bool) -> MatrixItem {
    match e.kind {
        ExprKind::Matrix(items) if bracketed => MatrixItem::Row(items, e.span),
        _ => MatrixItem::Elem(e),
    }
}

fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

fn fold_binary(left: Expr, (op, op_span): (BinaryOp, Span), right: Expr) -> Expr {
    let span = left.span.to(right.span);
    Expr {
        kind: ExprKind::Binary {
            op,
            op_span,
            left: boxed(left),
            right: boxed(right),
            id: NodeId::default(),
        },
        span,
    }
}

fn fold_prefix((op, op_span): (UnaryOp, Span), operand: Expr) -> Expr {
    let span = op_span.to(operand.span);
    Expr {
        kind: ExprKind::Unary {
            op,
            op_span,
            operand: boxed(operand),
        },
        span,
    }
}

fn fold_postfix(operand: Expr, (op, op_span): (UnaryOp, Span)) -> Expr {
    let span = operand.span.to(op_span);
    Expr {
        kind: ExprKind::Unary {
            op,
            op_span,
            operand: boxed(operand),
        },
        span,
    }
}

/// grammar.md: expr, with the precedence table implemented by two Pratt parsers around the
/// range operator.
fn expression<'t, I>(source: SourceId) -> impl Parser<'t, I, Expr, Extra<'t>> + Clone
where
    I: ValueInput<'t, Token = Token, Span = SimpleSpan>,
{
    let sp = move |s: SimpleSpan| Span::new(source, s.start, s.end);
    recursive(move |expr| {
        let ident = select! { Token::Ident(name) => name };

        // grammar.md: call = name "(" [ arguments ] ")"
        let keyword = ident
            .map_with(move |name, e| (name, sp(e.span())))
            .then_ignore(just(Token::Assign))
            .then(expr.clone())
            .map(|((name, name_span), value)| {
                Argument::Keyword(Keyword {
                    name,
                    name_span,
                    value,
                })
            });
        let argument = keyword.or(expr.clone().map(Argument::Positional));
        let arguments = argument
            .separated_by(just(Token::Comma))
            .allow_trailing()
            .collect::<Vec<_>>()
            .delimited_by(just(Token::LParen), just(Token::RParen))
            .validate(|args: Vec<Argument>, e, emitter| {
                let mut seen_keyword = false;
                for arg in &args {
                    match arg {
                        Argument::Keyword(_) => seen_keyword = true,
                        Argument::Positional(_) if seen_keyword => emitter.emit(Rich::custom(
                            e.span(),
                            "a positional argument cannot follow a keyword argument",
                        )),
                        Argument::Positional(_) => {}
                    }
                }
                args
            });
        let name_or_call = ident
            .map_with(move |name, e| (name, sp(e.span())))
            .then(arguments.or_not())
            .map(|((name, name_span), args)| match args {
                None => ExprKind::Name(name),
                Some(args) => {
                    let (mut positional, mut keywords) = (Vec::new(), Vec::new());
                    for arg in args {
                        match arg {
                            Argument::Positional(e) => positional.push(e),
                            Argument::Keyword(k) => keywords.push(k),
                        }
                    }
                    ExprKind::Call {
                        name,
                        name_span,
                        args: positional,
                        keywords,
                    }
                }
            });

        // grammar.md: matrix = "[" [ item { "," item } [","] ] "]", item = row | expr
        // An item that is itself a bracket literal, not in parentheses, is a row. Items are
        // parsed once, as expressions, and sorted afterwards: trying "row" first and
        // backtracking to "expression" would take time exponential in the nesting depth.
        let matrix = just(Token::LBracket)
            .rewind()
            .or_not()
            .then(expr.clone())
            .map(|(bracket, e)| into_item(e, bracket.is_some()))
            .separated_by(just(Token::Comma))
            .allow_trailing()
            .collect::<Vec<_>>()
            .delimited_by(just(Token::LBracket), just(Token::RBracket))
            .map(ExprKind::Matrix);

        let literal = select! {
            Token::Number(x) => ExprKind::Number(x),
            Token::Imaginary(x) => ExprKind::Imaginary(x),
            Token::Str(s) => ExprKind::Str(s),
            Token::True => ExprKind::Bool(true),
            Token::False => ExprKind::Bool(false),
            Token::End => ExprKind::End,
        };

        let atom = choice((
            literal.map_with(move |kind, e| Expr {
                kind,
                span: sp(e.span()),
            }),
            name_or_call.map_with(move |kind, e| Expr {
                kind,
                span: sp(e.span()),
            }),
            matrix.map_with(move |kind, e| Expr {
                kind,
                span: sp(e.span()),
            }),
            expr.clone()
                .delimited_by(just(Token::LParen), just(Token::RParen))
                .map_with(move |inner: Expr, e| Expr {
                    kind: inner.kind,
                    span: sp(e.span()),
                }),
        ))
        .labelled("expression")
        .boxed();

        let op =
            move |token: Token, op: BinaryOp| just(token).map_with(move |_, e| (op, sp(e.span())));
        let unary =
            move |token: Token, op: UnaryOp| just(token).map_with(move |_, e| (op, sp(e.span())));
        // Memoized: an index list that fails (an unclosed `[`) is tried once per position,
        // not again by every prefix and infix operator around it, which took time
        // exponential in the number of unclosed brackets.
        let indices = index_list(expr.clone(), source)
            .map_with(move |indices, e| (indices, sp(e.span())))
            .memoized();

        // grammar.md precedence, tightest first: postfix, ^ .^, prefix, * / \ .* ./, + - .+ .-
        let arithmetic = atom
            .pratt((
                postfix(
                    10,
                    choice((
                        unary(Token::Quote, UnaryOp::Adjoint),
                        unary(Token::DotQuote, UnaryOp::Transpose),
                    )),
                    |x, op, _| fold_postfix(x, op),
                ),
                postfix(
                    10,
                    indices,
                    |target: Expr, (indices, span): (Vec<Expr>, Span), _| {
                        let span = target.span.to(span);
                        Expr {
                            kind: ExprKind::Index {
                                target: boxed(target),
                                indices,
                            },
                            span,
                        }
                    },
                ),
                infix(
                    right(8),
                    choice((
                        op(Token::Caret, BinaryOp::Pow),
                        op(Token::DotCaret, BinaryOp::DotPow),
                    )),
                    |l, op, r, _| fold_binary(l, op, r),
                ),
                prefix(
                    7,
                    choice((
                        unary(Token::Minus, UnaryOp::Neg),
                        unary(Token::Plus, UnaryOp::Plus),
                        unary(Token::Bang, UnaryOp::Not),
                    )),
                    |op, x, _| fold_prefix(op, x),
                ),
                infix(
                    left(6),
                    choice((
                        op(Token::Star, BinaryOp::Mul),
                        op(Token::Slash, BinaryOp::Div),
                        op(Token::Backslash, BinaryOp::LeftDiv),
                        op(Token::DotStar, BinaryOp::DotMul),
                        op(Token::DotSlash, BinaryOp::DotDiv),
                    )),
                    |l, op, r, _| fold_binary(l, op, r),
                ),
                infix(
                    left(5),
                    choice((
                        op(Token::Plus, BinaryOp::Add),
                        op(Token::Minus, BinaryOp::Sub),
                        op(Token::DotPlus, BinaryOp::DotAdd),
                        op(Token::DotMinus, BinaryOp::DotSub),
                    )),
                    |l, op, r, _| fold_binary(l, op, r),
                ),
            ))
            .boxed();

        // grammar.md: range = arith [ ":" arith [ ":" arith ] ]
        let range = arithmetic
            .clone()
            .then(
                just(Token::Colon)
                    .ignore_then(arithmetic.clone())
                    .then(just(Token::Colon).ignore_then(arithmetic).or_not())
                    .or_not(),
            )
            .map(|(start, rest)| match rest {
                None => start,
                Some((end, None)) => {
                    let span = start.span.to(end.span);
                    Expr {
                        kind: ExprKind::Range {
                            start: boxed(start),
                            step: None,
                            end: boxed(end),
                        },
                        span,
                    }
                }
                Some((step, Some(end))) => {
                    let span = start.span.to(end.span);
                    Expr {
                        kind: ExprKind::Range {
                            start: boxed(start),
                            step: Some(boxed(step)),
                            end: boxed(end),
                        },
                        span,
                    }
                }
            });

        // grammar.md precedence, loosest last: comparisons (non-associative), &, |, &&, ||
        let operators = range.pratt((
            infix(
                none(5),
                choice((
                    op(Token::EqEq, BinaryOp::Eq),
                    op(Token::NotEq, BinaryOp::Ne),
                    op(Token::Less, BinaryOp::Lt),
                    op(Token::LessEq, BinaryOp::Le),
                    op(Token::Greater, BinaryOp::Gt),
                    op(Token::GreaterEq, BinaryOp::Ge),
                )),
                |l, op, r, _| fold_binary(l, op, r),
            ),
            infix(left(4), op(Token::Amp, BinaryOp::ElemAnd), |l, op, r, _| {
                fold_binary(l, op, r)
            }),
            infix(left(3), op(Token::Bar, BinaryOp::ElemOr), |l, op, r, _| {
                fold_binary(l, op, r)
            }),
            infix(left(2), op(Token::AndAnd, BinaryOp::And), |l, op, r, _| {
                fold_binary(l, op, r)
            }),
            infix(left(1), op(Token::OrOr, BinaryOp::Or), |l, op, r, _| {
                fold_binary(l, op, r)
            }),
        ));

        // grammar.md: lambda = ( name | "(" [ name { "," name } ] ")" ) "->" expr
        let param = ident.map_with(move |name, e| Target {
            name,
            span: sp(e.span()),
        });
        let lambda_params = choice((
            param.map(|p| vec![p]),
            param
                .separated_by(just(Token::Comma))
                .allow_trailing()
                .collect::<Vec<_>>()
                .delimited_by(just(Token::LParen), just(Token::RParen)),
        ));
        let lambda = lambda_params
            .then_ignore(just(Token::Arrow))
            .then(expr.clone())
            .map_with(move |(params, body): (Vec<Target>, Expr), e| {
                let span = sp(e.span());
                let body_span = body.span;
                let body = Block {
                    statements: vec![Stmt {
                        kind: StmtKind::Expr(body),
                        span: body_span,
                        silent: false,
                    }],
                    span: body_span,
                };
                let name = Target {
                    name: crate::intern::Symbol::ANONYMOUS,
                    span,
                };
                Expr {
                    kind: ExprKind::Lambda(Arc::new(FnDef { name, params, body })),
                    span,
                }
            });
        lambda.or(operators)
    })
}

/// `a` alone, or the tuple `a, b, ...` of several results.
fn one_or_tuple(mut items: Vec<Expr>, span: Span) -> Expr {
    if items.len() == 1 {
        if let Some(one) = items.pop() {
            return one;
        }
    }
    Expr {
        kind: ExprKind::Tuple(items),
        span,
    }
}

/// A call argument before positional and keyword arguments are split apart.
enum Argument {
    Positional(Expr),
    Keyword(Keyword),
}
