-- Headless Neovim: attach termlint's language server to a Markdown file and
-- write the diagnostics it publishes to $TERMLINT_OUT (used by tests/test_lsp_nvim.py).
local id = vim.lsp.start_client({
  cmd = { os.getenv("TERMLINT_BIN"), "lsp" },
  root_dir = vim.fn.getcwd(),
  name = "termlint",
})
vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("TERMLINT_DOC")))
vim.lsp.buf_attach_client(0, id)
vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local out = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out, string.format("%d:%d:%d:%s:%s:%s", d.lnum, d.col, d.severity, tostring(d.code), tostring(d.source), d.message))
end
vim.fn.writefile(out, os.getenv("TERMLINT_OUT"))
vim.cmd("qa!")
