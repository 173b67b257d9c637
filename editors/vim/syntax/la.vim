" Vim/Neovim syntax for la, the linear-algebra calculator language (grammar.md).
if exists("b:current_syntax")
  finish
endif

syntax keyword laKeyword fn if else for in while break continue return end
syntax keyword laBoolean true false
syntax keyword laConstant pi e inf nan I
syntax match laComment "#.*$" contains=laAllow
syntax match laAllow "la: allow([A-Z0-9, ]*)" contained
syntax region laString start=+"+ skip=+\\"+ end=+"+
syntax match laNumber "\<\d\+\(\.\d*\)\=\([eE][+-]\=\d\+\)\=i\=\>"
syntax match laNumber "\.\d\+\([eE][+-]\=\d\+\)\=i\=\>"
syntax match laOperator "\.\=[-+*/\\^]\|'\|==\|!=\|<=\|>=\|&&\|||\|->"
syntax match laFunction "\<\h\w*\ze("

highlight default link laKeyword Keyword
highlight default link laBoolean Boolean
highlight default link laConstant Constant
highlight default link laComment Comment
highlight default link laAllow SpecialComment
highlight default link laString String
highlight default link laNumber Number
highlight default link laOperator Operator
highlight default link laFunction Function

let b:current_syntax = "la"
