// Starts Swagger UI on our own schema; kept out of the page so CSP needs no inline script.
window.addEventListener("load", () => {
  const element = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: element.dataset.schemaUrl,
    domNode: element,
    deepLinking: false,
    tryItOutEnabled: false,
  });
});
