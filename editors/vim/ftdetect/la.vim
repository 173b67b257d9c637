" la files: the filetype that editors/vim/syntax/la.vim colours and `la lsp` serves.
autocmd BufRead,BufNewFile *.la setfiletype la
