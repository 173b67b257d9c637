-- Neovim (0.7 or later): `la lsp` for every buffer of filetype la, one server per session.
-- Put editors/vim on the runtimepath for the filetype and syntax, then source this file:
--   vim.opt.runtimepath:append("/path/to/la/editors/vim")
--   dofile("/path/to/la/editors/lsp.lua")
local client_id
vim.api.nvim_create_autocmd("FileType", {
  pattern = "la",
  callback = function(args)
    if not client_id then
      client_id = vim.lsp.start_client({ name = "la", cmd = { "la", "lsp" } })
    end
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})
