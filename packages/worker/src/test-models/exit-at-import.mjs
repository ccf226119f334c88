// A model module that ends its thread while it is imported.
process.exit(4);
